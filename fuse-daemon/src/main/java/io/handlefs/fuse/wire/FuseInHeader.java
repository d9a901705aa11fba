package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct fuse_in_header} (40 bytes), at the start of every request.
 *
 * <pre>
 *  0  u32 len          total request length: header + body + extensions
 *  4  u32 opcode
 *  8  u64 unique       request id; 0 never appears in a request
 * 16  u64 nodeid
 * 24  u32 uid
 * 28  u32 gid
 * 32  u32 pid
 * 36  u16 total_extlen extensions at the end of the request, in 8-byte units (7.38)
 * 38  u16 padding
 * </pre>
 *
 * @param totalExtlen unsigned 16-bit value
 * @param padding unsigned 16-bit value
 */
public record FuseInHeader(int len, int opcode, long unique, long nodeid, int uid, int gid, int pid,
        int totalExtlen, int padding) {

    public static final int SIZE = 40;

    /**
     * Reads 40 bytes at in's position (advancing it; in's byte order is set to little-endian).
     *
     * @throws FuseDecodeException SHORT_HEADER if fewer than 40 bytes remain
     */
    public static FuseInHeader decode(ByteBuffer in) throws FuseDecodeException {
        if (in.remaining() < SIZE) {
            throw new FuseDecodeException(FuseDecodeException.Reason.SHORT_HEADER,
                    in.remaining() + " bytes, need " + SIZE);
        }
        in.order(ByteOrder.LITTLE_ENDIAN);
        int len = in.getInt();
        int opcode = in.getInt();
        long unique = in.getLong();
        long nodeid = in.getLong();
        int uid = in.getInt();
        int gid = in.getInt();
        int pid = in.getInt();
        int extlen = Short.toUnsignedInt(in.getShort());
        int padding = Short.toUnsignedInt(in.getShort());
        return new FuseInHeader(len, opcode, unique, nodeid, uid, gid, pid, extlen, padding);
    }

    /** Writes the 40 bytes at out's position (for tests and tools). */
    public void encode(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(len).putInt(opcode).putLong(unique).putLong(nodeid)
                .putInt(uid).putInt(gid).putInt(pid)
                .putShort((short) totalExtlen).putShort((short) padding);
    }

    /** The opcode, or {@code null} if unknown. */
    public FuseOpcode op() {
        return FuseOpcode.of(opcode);
    }
}
