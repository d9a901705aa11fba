package io.handlefs.tests;

import io.handlefs.smb.auth.NtlmChallenge;
import io.handlefs.smb.auth.NtlmNegotiate;
import io.handlefs.smb.mssmb2.CloseRequest;
import io.handlefs.smb.mssmb2.Command;
import io.handlefs.smb.mssmb2.CreateContext;
import io.handlefs.smb.mssmb2.CreateRequest;
import io.handlefs.smb.mssmb2.CreateResponse;
import io.handlefs.smb.mssmb2.FileId;
import io.handlefs.smb.mssmb2.LeaseBreakAck;
import io.handlefs.smb.mssmb2.LeaseBreakNotification;
import io.handlefs.smb.mssmb2.LockRequest;
import io.handlefs.smb.mssmb2.NegotiateRequest;
import io.handlefs.smb.mssmb2.NegotiateResponse;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.ReadRequest;
import io.handlefs.smb.mssmb2.ReadResponse;
import io.handlefs.smb.mssmb2.SessionSetupRequest;
import io.handlefs.smb.mssmb2.SessionSetupResponse;
import io.handlefs.smb.mssmb2.Smb2Body;
import io.handlefs.smb.mssmb2.Smb2Header;
import io.handlefs.smb.mssmb2.TreeConnectRequest;
import io.handlefs.smb.mssmb2.WriteRequest;
import io.handlefs.smb.mssmb2.WriteResponse;
import io.handlefs.smb.server.lease.OplockLevel;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The smallest SMB2 client the crash, lease and lock tests need (Samba's tools cannot reconnect a
 * handle across a server restart, nor hold a lease while a test acts): one connection on
 * 127.0.0.1, NEGOTIATE 3.0.2 with a fixed ClientGuid, NTLMv2 logon (bare NTLMSSP, unsigned), one
 * tree, then CREATE, WRITE, READ, LOCK, CLOSE and the lease break acknowledgment, one request at a
 * time. Messages are smb-export's own records; every socket read has a timeout.
 */
final class SmbTestClient implements AutoCloseable {
    /** A request answered with an error status. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final NtStatus status;

        Refused(Command command, NtStatus status) {
            super(command + ": " + status);
            this.status = status;
        }
    }

    /** A request that is expected to be refused. */
    interface Action {
        void run() throws IOException;
    }

    private static final int NTLM_FLAGS = 0x00000001 | 0x00000200 | 0x00080000; // UNICODE, NTLM, EXTENDED_SESSIONSECURITY
    private static final int READ_TIMEOUT_MS = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    /** One request at a time: its transport length (big-endian), then the message. */
    private final ByteBuffer frame = ByteBuffer.allocate(4 + 128 * 1024);
    private long messageId;
    private long sessionId;
    private int treeId;

    private SmbTestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects, negotiates 3.0.2 as the client clientGuid, logs on and connects to the share. */
    static SmbTestClient connect(int port, byte[] clientGuid, String user, String password, String share)
            throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
            s.setSoTimeout(READ_TIMEOUT_MS);
            s.setTcpNoDelay(true);
            SmbTestClient c = new SmbTestClient(s);
            c.negotiate(clientGuid);
            c.logon(user, password);
            c.treeConnect(share);
            return c;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void negotiate(byte[] clientGuid) throws IOException {
        Response r = call(Command.NEGOTIATE, new NegotiateRequest(1, NegotiateResponse.CAP_LARGE_MTU, clientGuid,
                new int[] {NegotiateRequest.DIALECT_302}, List.of()));
        NegotiateResponse n = NegotiateResponse.decode(r.message);
        if (n.dialect() != NegotiateRequest.DIALECT_302) {
            throw new IOException("dialect " + Integer.toHexString(n.dialect()));
        }
    }

    private void logon(String user, String password) throws IOException {
        Response first = call(Command.SESSION_SETUP,
                new SessionSetupRequest(0, 1, 0, 0, new NtlmNegotiate(NTLM_FLAGS).encode()), NtStatus.MORE_PROCESSING_REQUIRED);
        sessionId = first.header.sessionId();
        NtlmChallenge challenge = NtlmChallenge.decode(SessionSetupResponse.decode(first.message).securityBuffer());
        call(Command.SESSION_SETUP, new SessionSetupRequest(0, 1, 0, 0, NtlmV2Response.authenticate(challenge, "", user, password, "CRASHTEST",
                challenge.flags() & NTLM_FLAGS)));
    }

    private void treeConnect(String share) throws IOException {
        treeId = call(Command.TREE_CONNECT, new TreeConnectRequest(0, "\\\\127.0.0.1\\" + share)).header.treeId();
    }

    CreateResponse create(String name, int access, int shareAccess, int disposition, List<CreateContext> contexts)
            throws IOException {
        return create(name, access, shareAccess, disposition, contexts, 0);
    }

    CreateResponse create(String name, int access, int shareAccess, int disposition, List<CreateContext> contexts,
                          int flags) throws IOException {
        Response r = call(Command.CREATE, new CreateRequest(0, 2, access, 0, shareAccess, disposition, 0x40, name,
                contexts), NtStatus.SUCCESS, flags);
        return CreateResponse.decode(r.message);
    }

    /** A CREATE whose RequestedOplockLevel is LEASE: the lease it asks for is among {@code contexts}. */
    CreateResponse createLeased(String name, int access, int shareAccess, int disposition, List<CreateContext> contexts)
            throws IOException {
        return CreateResponse.decode(call(Command.CREATE, new CreateRequest(OplockLevel.LEASE, 2, access, 0, shareAccess,
                disposition, 0x40, name, contexts)).message);
    }

    int write(FileId id, long offset, byte[] data) throws IOException {
        return WriteResponse.decode(call(Command.WRITE, new WriteRequest(offset, id, 0, ByteBuffer.wrap(data))).message)
                .count();
    }

    byte[] read(FileId id, long offset, int length) throws IOException {
        ByteBuffer data = ReadResponse.decode(call(Command.READ, new ReadRequest(0x50, 0, length, offset, id, 0)).message)
                .data();
        byte[] b = new byte[data.remaining()];
        data.get(b);
        return b;
    }

    void lock(FileId id, long offset, long length) throws IOException {
        lock(id, offset, length, LockRequest.EXCLUSIVE | LockRequest.FAIL_IMMEDIATELY);
    }

    /** One byte-range lock or unlock (LockRequest flags). */
    void lock(FileId id, long offset, long length, int flags) throws IOException {
        call(Command.LOCK, new LockRequest(0, id, List.of(new LockRequest.Element(offset, length, flags))));
    }

    /** The next lease break notification (nothing else may arrive before it). */
    LeaseBreakNotification awaitLeaseBreak() throws IOException {
        Response r = receive();
        if (r.header.commandCode() != Command.OPLOCK_BREAK.code() || r.header.messageId() != -1L) {
            throw new IOException("expected a lease break, got command " + r.header.commandCode());
        }
        return LeaseBreakNotification.decode(r.message);
    }

    /** Acknowledges a break with the state it offered. */
    void acknowledge(LeaseBreakNotification b) throws IOException {
        call(Command.OPLOCK_BREAK, new LeaseBreakAck(0, b.leaseKey(), b.newState(), 0));
    }

    void closeFile(FileId id) throws IOException {
        call(Command.CLOSE, new CloseRequest(0, id));
    }

    private record Response(Smb2Header header, ByteBuffer message) {}

    private Response call(Command command, Smb2Body body) throws IOException {
        return call(command, body, NtStatus.SUCCESS);
    }

    private Response call(Command command, Smb2Body body, NtStatus expected) throws IOException {
        return call(command, body, expected, 0);
    }

    private Response call(Command command, Smb2Body body, NtStatus expected, int flags) throws IOException {
        // Offsets in the message count from its header: it is encoded in a slice after the length.
        ByteBuffer b = frame.clear().position(4).slice().order(ByteOrder.LITTLE_ENDIAN);
        long id = messageId++;
        new Smb2Header(1, 0, command.code(), 64, flags, 0, id, 0, treeId, sessionId, new byte[16]).encode(b);
        body.encode(b);
        frame.putInt(0, b.position());
        out.write(frame.array(), 0, 4 + b.position()); // one write: with TCP_NODELAY, two would be two segments
        out.flush();
        for (;;) {
            Response r = receive();
            Smb2Header h = r.header;
            if (h.messageId() != id || h.status() == NtStatus.PENDING.code()) {
                continue; // an interim response or an oplock break: not this request's answer
            }
            NtStatus status = NtStatus.of(h.status());
            if (status != expected) {
                throw new Refused(command, status);
            }
            return r;
        }
    }

    private Response receive() throws IOException {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        ByteBuffer message = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        return new Response(Smb2Header.decode(message), message);
    }

    /** Drops the connection without a LOGOFF, as a client does when its server dies. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
