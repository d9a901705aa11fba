package io.handlefs.smb.rpc;

import io.handlefs.smb.mssmb2.SmbDecodeException;
import io.handlefs.smb.mssmb2.WireReader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The body of a bind or alter_context PDU, [C706] 12.6.4.3, and the ack that answers it
 * (12.6.4.4): each presentation context is accepted when it asks for srvsvc over NDR, answered
 * with negotiate_ack for bind-time feature negotiation, and rejected otherwise.
 */
public record Bind(int maxXmitFrag, int maxRecvFrag, int assocGroup, List<Context> contexts) {
    private static final int MAX_CONTEXTS = 16;
    private static final int ACCEPTANCE = 0;
    private static final int PROVIDER_REJECTION = 2;
    private static final int NEGOTIATE_ACK = 3;
    private static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 1;
    private static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 2;

    /** One p_cont_elem_t: an id, the interface, the transfer syntaxes offered. */
    public record Context(int id, SyntaxId abstractSyntax, List<SyntaxId> transferSyntaxes) {}

    public Bind {
        contexts = List.copyOf(contexts);
    }

    public static Bind decode(byte[] body) {
        WireReader r = WireReader.at(ByteBuffer.wrap(body), 0);
        int xmit = r.u16();
        int recv = r.u16();
        int group = r.bits32();
        int n = r.u8();
        r.skip(3);
        if (n > MAX_CONTEXTS) {
            throw new SmbDecodeException(SmbDecodeException.Kind.TOO_LARGE, n + " presentation contexts");
        }
        List<Context> contexts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int id = r.u16();
            int count = r.u8();
            r.skip(1);
            SyntaxId abstractSyntax = SyntaxId.decode(r);
            List<SyntaxId> transfers = new ArrayList<>(count);
            for (int j = 0; j < count; j++) {
                transfers.add(SyntaxId.decode(r));
            }
            contexts.add(new Context(id, abstractSyntax, transfers));
        }
        return new Bind(xmit, recv, group, contexts);
    }

    /** The bind_ack (with the pipe's secondary address) or alter_context_resp (without) body. */
    public byte[] ack(String secondaryAddress, int newAssocGroup) {
        ByteBuffer out = ByteBuffer.allocate(256 + 24 * contexts.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) Math.min(maxXmitFrag, 4280));     // max_xmit_frag (2)
        out.putShort((short) Math.min(maxRecvFrag, 4280));     // max_recv_frag (2)
        out.putInt(newAssocGroup);                             // assoc_group_id (4)
        byte[] addr = secondaryAddress.isEmpty() ? new byte[0]
                : (secondaryAddress + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.putShort((short) addr.length).put(addr);           // sec_addr: length (2), port_spec
        while ((out.position() + RpcPdu.HEADER) % 4 != 0) {
            out.put((byte) 0);                                 // align the result list to 4
        }
        out.put((byte) contexts.size()).put((byte) 0).putShort((short) 0); // n_results (1), reserved (3)
        for (Context c : contexts) {
            result(out, c);
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    private static void result(ByteBuffer out, Context c) {
        boolean srvsvc = c.abstractSyntax.sameAs(SyntaxId.SRVSVC);
        for (SyntaxId t : c.transferSyntaxes) {
            if (Arrays.equals(t.uuid8(), SyntaxId.BIND_TIME_FEATURES_PREFIX)) {
                out.putShort((short) NEGOTIATE_ACK).putShort((short) 0); // result, reason: no features (2 each)
                out.put(new byte[20]);                                   // transfer_syntax (20)
                return;
            }
            if (srvsvc && t.sameAs(SyntaxId.NDR)) {
                out.putShort((short) ACCEPTANCE).putShort((short) 0);
                SyntaxId.NDR.encode(out);
                return;
            }
        }
        out.putShort((short) PROVIDER_REJECTION)
                .putShort((short) (srvsvc ? TRANSFER_SYNTAXES_NOT_SUPPORTED : ABSTRACT_SYNTAX_NOT_SUPPORTED));
        out.put(new byte[20]);
    }

    /** Whether a context id was accepted (requests on other ids are faulted). */
    public boolean accepts(int contextId) {
        return contexts.stream().anyMatch(c -> c.id == contextId && c.abstractSyntax.sameAs(SyntaxId.SRVSVC)
                && c.transferSyntaxes.stream().anyMatch(t -> t.sameAs(SyntaxId.NDR)));
    }
}
