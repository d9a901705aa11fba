package io.handlefs.smb.rpc;

import io.handlefs.smb.mssmb2.SmbDecodeException;
import io.handlefs.smb.mssmb2.WireReader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A connection-oriented DCE/RPC PDU, [C706] 12.6 and [MS-RPCE] 2.2.2: the 16-byte common header
 * and the type-specific body. Only little-endian NDR data representation is accepted.
 */
public record RpcPdu(int type, int flags, int callId, byte[] body) {
    public static final int REQUEST = 0;
    public static final int RESPONSE = 2;
    public static final int FAULT = 3;
    public static final int BIND = 11;
    public static final int BIND_ACK = 12;
    public static final int ALTER_CONTEXT = 14;
    public static final int ALTER_CONTEXT_RESP = 15;
    public static final int FIRST_FRAG = 0x01;
    public static final int LAST_FRAG = 0x02;
    static final int HEADER = 16;

    public RpcPdu {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The length of the PDU at the start of {@code data}, or -1 when its header is not all there yet. */
    public static int frameLength(byte[] data, int length) {
        return length < HEADER ? -1 : Short.toUnsignedInt(ByteBuffer.wrap(data, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
    }

    public static RpcPdu decode(byte[] pdu) {
        WireReader r = WireReader.at(ByteBuffer.wrap(pdu), 0);
        int version = r.u8();
        int minor = r.u8();
        int type = r.u8();
        int flags = r.u8();
        int drep = r.u8();
        r.skip(3);
        int fragLength = r.u16();
        int authLength = r.u16();
        int callId = r.bits32();
        if (version != 5 || minor != 0 || (drep & 0xF0) != 0x10) {
            throw new SmbDecodeException(SmbDecodeException.Kind.BAD_VALUE, "RPC version " + version + "." + minor
                    + " drep " + drep);
        }
        if (fragLength < HEADER || fragLength > pdu.length || authLength > fragLength - HEADER) {
            throw new SmbDecodeException(SmbDecodeException.Kind.OUT_OF_BOUNDS, "RPC frag_length " + fragLength);
        }
        return new RpcPdu(type, flags, callId, Arrays.copyOfRange(pdu, HEADER, fragLength - authLength));
    }

    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(HEADER + body.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 5).put((byte) 0);              // rpc_vers, rpc_vers_minor (1 each)
        out.put((byte) type).put((byte) flags);       // PTYPE, pfc_flags (1 each)
        out.put(new byte[] {0x10, 0, 0, 0});          // packed_drep: little-endian, ASCII, IEEE (4)
        out.putShort((short) (HEADER + body.length)); // frag_length (2)
        out.putShort((short) 0);                      // auth_length (2)
        out.putInt(callId);                           // call_id (4)
        out.put(body);
        return out.array();
    }
}
