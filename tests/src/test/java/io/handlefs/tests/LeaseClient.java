package io.handlefs.tests;

import io.handlefs.smb.auth.NtlmChallenge;
import io.handlefs.smb.auth.NtlmNegotiate;
import io.handlefs.smb.mssmb2.Command;
import io.handlefs.smb.mssmb2.CreateContext;
import io.handlefs.smb.mssmb2.CreateRequest;
import io.handlefs.smb.mssmb2.CreateResponse;
import io.handlefs.smb.mssmb2.FileId;
import io.handlefs.smb.mssmb2.LeaseBreakAck;
import io.handlefs.smb.mssmb2.LeaseBreakNotification;
import io.handlefs.smb.mssmb2.LeaseContext;
import io.handlefs.smb.mssmb2.LockRequest;
import io.handlefs.smb.mssmb2.NegotiateRequest;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SessionSetupRequest;
import io.handlefs.smb.mssmb2.SessionSetupResponse;
import io.handlefs.smb.mssmb2.Smb2Body;
import io.handlefs.smb.mssmb2.Smb2Header;
import io.handlefs.smb.mssmb2.TreeConnectRequest;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * The least SMB 2.1 client that holds a lease: NEGOTIATE, an NTLMv2 SESSION_SETUP (unsigned),
 * TREE_CONNECT, a CREATE with a lease context, and the lease break notification and its
 * acknowledgment; and LOCK. Only for tests of the server's leases and locks as the FUSE mount
 * and local processes see them; one request at a time.
 */
final class LeaseClient implements AutoCloseable {
    private static final ASN1ObjectIdentifier SPNEGO = new ASN1ObjectIdentifier("1.3.6.1.5.5.2");
    private static final ASN1ObjectIdentifier NTLMSSP = new ASN1ObjectIdentifier("1.3.6.1.4.1.311.2.2.10");
    private static final int NTLM_FLAGS = 0x00000001 | 0x00000200 | 0x00080000 | 0x20000000; // UNICODE, NTLM, ESS, 128

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final byte[] clientGuid = new byte[16];
    private long messageId;
    private long sessionId;
    private int treeId;

    /** A received message: its header and its bytes (index 0: the header). */
    record Message(Smb2Header header, ByteBuffer bytes) {}

    LeaseClient(int port, String share, String user, String password) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
        new SecureRandom().nextBytes(clientGuid);
        expect(call(Command.NEGOTIATE, new NegotiateRequest(1, 0, clientGuid,
                new int[] {NegotiateRequest.DIALECT_210}, List.of())), NtStatus.SUCCESS);
        Message challenge = call(Command.SESSION_SETUP, new SessionSetupRequest(0, 1, 0, 0,
                spnegoInit(new NtlmNegotiate(NTLM_FLAGS).encode())));
        expect(challenge, NtStatus.MORE_PROCESSING_REQUIRED);
        sessionId = challenge.header().sessionId();
        byte[] ntlmChallenge = responseToken(SessionSetupResponse.decode(challenge.bytes()).securityBuffer());
        expect(call(Command.SESSION_SETUP, new SessionSetupRequest(0, 1, 0, 0,
                spnegoResponse(authenticateTo(ntlmChallenge, user, password)))), NtStatus.SUCCESS);
        Message tree = call(Command.TREE_CONNECT, new TreeConnectRequest(0, "\\\\127.0.0.1\\" + share));
        expect(tree, NtStatus.SUCCESS);
        treeId = tree.header().treeId();
    }

    /** Opens (or creates) a file asking for a version 1 lease with this key and state; the granted lease context. */
    LeaseContext openWithLease(String name, byte[] leaseKey, int state) throws IOException {
        LeaseContext asked = new LeaseContext(1, leaseKey, state, 0, new byte[16], 0);
        CreateRequest c = new CreateRequest(0xFF, 2, 0x12019F, 0, 7, CreateRequest.OPEN_IF, 0x40, name,
                List.of(new CreateContext(LeaseContext.NAME, asked.encode())));
        Message m = call(Command.CREATE, c);
        expect(m, NtStatus.SUCCESS);
        CreateResponse r = CreateResponse.decode(m.bytes());
        return LeaseContext.decode(CreateContext.find(r.contexts(), LeaseContext.NAME).data());
    }

    /** Opens an existing file for reading and writing, without caching; its FileId. */
    FileId open(String name) throws IOException {
        Message m = call(Command.CREATE, new CreateRequest(0, 2, 0x12019F, 0, 7, CreateRequest.OPEN, 0x40, name,
                List.of()));
        expect(m, NtStatus.SUCCESS);
        return CreateResponse.decode(m.bytes()).fileId();
    }

    /** One byte-range lock or unlock (LockRequest flags); the server's answer. */
    NtStatus lock(FileId file, long offset, long length, int flags) throws IOException {
        return NtStatus.of(call(Command.LOCK, new LockRequest(0, file, List.of(new LockRequest.Element(offset, length,
                flags)))).header().status());
    }

    /** The next lease break notification (nothing else may arrive before it). */
    LeaseBreakNotification awaitLeaseBreak() throws IOException {
        Message m = receive();
        if (m.header().commandCode() != Command.OPLOCK_BREAK.code() || m.header().messageId() != -1L) {
            throw new IOException("expected a lease break, got command " + m.header().commandCode());
        }
        return LeaseBreakNotification.decode(m.bytes());
    }

    /** Acknowledges a break with the state it offered; the server's answer. */
    NtStatus acknowledge(LeaseBreakNotification b) throws IOException {
        return NtStatus.of(call(Command.OPLOCK_BREAK, new LeaseBreakAck(0, b.leaseKey(), b.newState(), 0))
                .header().status());
    }

    private static void expect(Message m, NtStatus status) throws IOException {
        if (m.header().status() != status.code()) {
            throw new IOException("status " + Integer.toHexString(m.header().status()) + ", expected " + status);
        }
    }

    private Message call(Command command, Smb2Body body) throws IOException {
        long id = messageId++;
        ByteBuffer b = ByteBuffer.allocate(65536).order(ByteOrder.LITTLE_ENDIAN);
        new Smb2Header(1, 0, command.code(), 64, 0, 0, id, 0, treeId, sessionId, new byte[16]).encode(b);
        body.encode(b);
        out.writeInt(b.position());
        out.write(b.array(), 0, b.position());
        out.flush();
        for (;;) {
            Message m = receive();
            boolean interim = m.header().has(Smb2Header.FLAG_ASYNC) && m.header().status() == NtStatus.PENDING.code();
            if (m.header().messageId() == id && !interim) {
                return m;
            }
        }
    }

    private Message receive() throws IOException {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        ByteBuffer bytes = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        return new Message(Smb2Header.decode(bytes), bytes);
    }

    private static byte[] spnegoInit(byte[] ntlm) throws IOException {
        ASN1EncodableVector init = new ASN1EncodableVector();
        init.add(new DERTaggedObject(true, 0, new DERSequence(NTLMSSP)));
        init.add(new DERTaggedObject(true, 2, new DEROctetString(ntlm)));
        ASN1EncodableVector gss = new ASN1EncodableVector();
        gss.add(SPNEGO);
        gss.add(new DERTaggedObject(true, 0, new DERSequence(init)));
        return new DERTaggedObject(false, BERTags.APPLICATION, 0, new DERSequence(gss)).getEncoded();
    }

    private static byte[] spnegoResponse(byte[] ntlm) throws IOException {
        ASN1EncodableVector resp = new ASN1EncodableVector();
        resp.add(new DERTaggedObject(true, 2, new DEROctetString(ntlm)));
        return new DERTaggedObject(true, 1, new DERSequence(resp)).getEncoded();
    }

    /** The NTLM token inside the server's NegTokenResp (found by its signature). */
    private static byte[] responseToken(byte[] spnego) {
        byte[] sig = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + sig.length <= spnego.length; i++) {
            if (Arrays.equals(spnego, i, i + sig.length, sig, 0, sig.length)) {
                return Arrays.copyOfRange(spnego, i, spnego.length);
            }
        }
        throw new IllegalStateException("no NTLM challenge in the server's token");
    }

    private static byte[] authenticateTo(byte[] challengeToken, String user, String password) {
        NtlmChallenge c = NtlmChallenge.decode(challengeToken);
        return NtlmV2Response.authenticate(c, "WORKGROUP", user, password, "WS", c.flags());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
