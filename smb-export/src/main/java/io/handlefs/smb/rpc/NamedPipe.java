package io.handlefs.smb.rpc;

import io.handlefs.smb.mssmb2.SmbDecodeException;
import io.handlefs.smb.mssmb2.WireReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * An open of the srvsvc named pipe on IPC$: DCE/RPC PDUs written in (WRITE or the
 * FSCTL_PIPE_TRANSCEIVE input) are answered into a buffer that READ or the transceive output
 * drains. Only whole, unfragmented requests are served, which is all a share listing needs.
 */
public final class NamedPipe {
    private static final Logger log = LoggerFactory.getLogger(NamedPipe.class);
    private static final int NCA_S_OP_RNG_ERROR = 0x1C010002;
    private static final int NCA_S_PROTO_ERROR = 0x1C01000B;
    private static final int MAX_PENDING = 1024 * 1024;

    private final Supplier<List<Srvsvc.ShareInfo>> shares;
    private final ByteArrayOutputStream input = new ByteArrayOutputStream();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private Bind bound;

    private NamedPipe(Supplier<List<Srvsvc.ShareInfo>> shares) {
        this.shares = shares;
    }

    /** The pipe of that name, or null when this server has no such pipe. */
    public static NamedPipe open(String name, Supplier<List<Srvsvc.ShareInfo>> shares) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("srvsvc") || n.equals("\\pipe\\srvsvc") ? new NamedPipe(shares) : null;
    }

    public synchronized void write(byte[] data) {
        if (input.size() + data.length > MAX_PENDING) {
            throw new SmbDecodeException(SmbDecodeException.Kind.TOO_LARGE, "pipe input");
        }
        input.writeBytes(data);
        byte[] in = input.toByteArray();
        int at = 0;
        for (;;) {
            byte[] rest = Arrays.copyOfRange(in, at, in.length);
            int len = RpcPdu.frameLength(rest, rest.length);
            if (len < 0 || len > rest.length) {
                break;
            }
            if (len < RpcPdu.HEADER) {
                throw new SmbDecodeException(SmbDecodeException.Kind.BAD_VALUE, "RPC frag_length " + len);
            }
            output.writeBytes(answer(RpcPdu.decode(Arrays.copyOf(rest, len))));
            at += len;
        }
        input.reset();
        input.write(in, at, in.length - at);
    }

    /** Up to {@code max} bytes of pending output. */
    public synchronized byte[] read(int max) {
        byte[] all = output.toByteArray();
        int n = Math.min(max, all.length);
        output.reset();
        output.write(all, n, all.length - n);
        return Arrays.copyOf(all, n);
    }

    public synchronized int available() {
        return output.size();
    }

    private byte[] answer(RpcPdu pdu) {
        switch (pdu.type()) {
            case RpcPdu.BIND -> {
                bound = Bind.decode(pdu.body());
                return reply(RpcPdu.BIND_ACK, pdu, bound.ack("\\PIPE\\srvsvc", 0x53F0));
            }
            case RpcPdu.ALTER_CONTEXT -> {
                bound = Bind.decode(pdu.body());
                return reply(RpcPdu.ALTER_CONTEXT_RESP, pdu, bound.ack("", 0x53F0));
            }
            case RpcPdu.REQUEST -> {
                return request(pdu);
            }
            default -> {
                log.debug("RPC PDU type {} not served", pdu.type());
                return fault(pdu, 0, NCA_S_PROTO_ERROR);
            }
        }
    }

    private byte[] request(RpcPdu pdu) {
        WireReader r = WireReader.at(ByteBuffer.wrap(pdu.body()), 0);
        r.skip(4);
        int contextId = r.u16();
        int opnum = r.u16();
        if ((pdu.flags() & (RpcPdu.FIRST_FRAG | RpcPdu.LAST_FRAG)) != (RpcPdu.FIRST_FRAG | RpcPdu.LAST_FRAG)) {
            return fault(pdu, contextId, NCA_S_PROTO_ERROR);
        }
        if (bound == null || !bound.accepts(contextId) || opnum != Srvsvc.OPNUM_NET_SHARE_ENUM_ALL) {
            return fault(pdu, contextId, NCA_S_OP_RNG_ERROR);
        }
        byte[] stub = Arrays.copyOfRange(pdu.body(), 8, pdu.body().length);
        byte[] out = Srvsvc.netShareEnumAll(stub, shares.get());
        ByteBuffer body = ByteBuffer.allocate(8 + out.length).order(ByteOrder.LITTLE_ENDIAN);
        body.putInt(out.length);                       // alloc_hint (4)
        body.putShort((short) contextId);              // p_cont_id (2)
        body.put((byte) 0).put((byte) 0);              // cancel_count, reserved (1 each)
        body.put(out);
        return reply(RpcPdu.RESPONSE, pdu, body.array());
    }

    private static byte[] fault(RpcPdu pdu, int contextId, int status) {
        ByteBuffer body = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        body.putInt(0).putShort((short) contextId).put((byte) 0).put((byte) 0); // alloc_hint, p_cont_id, cancel, reserved
        body.putInt(status).putInt(0);                 // status (4), reserved (4)
        return reply(RpcPdu.FAULT, pdu, body.array());
    }

    private static byte[] reply(int type, RpcPdu to, byte[] body) {
        return new RpcPdu(type, RpcPdu.FIRST_FRAG | RpcPdu.LAST_FRAG, to.callId(), body).encode();
    }
}
