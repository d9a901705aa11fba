package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct fuse_out_header} (16 bytes), at the start of every reply and notification.
 *
 * <pre>
 *  0  u32 len     total length: header + body
 *  4  i32 error   0, -errno, or (notifications, unique = 0) the notify code
 *  8  u64 unique  the request's unique; 0 for notifications
 * </pre>
 */
public record FuseOutHeader(int len, int error, long unique) {

    public static final int SIZE = 16;

    /** Writes the 16 bytes at out's position. */
    public void encode(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(len).putInt(error).putLong(unique);
    }

    /** Writes a header at an absolute index, leaving out's position alone. */
    static void put(ByteBuffer out, int index, int len, int error, long unique) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(index, len);
        out.putInt(index + 4, error);
        out.putLong(index + 8, unique);
    }

    /** Reads 16 bytes at in's position (for tests and tools). */
    public static FuseOutHeader decode(ByteBuffer in) throws FuseDecodeException {
        if (in.remaining() < SIZE) {
            throw new FuseDecodeException(FuseDecodeException.Reason.SHORT_HEADER,
                    in.remaining() + " bytes, need " + SIZE);
        }
        in.order(ByteOrder.LITTLE_ENDIAN);
        return new FuseOutHeader(in.getInt(), in.getInt(), in.getLong());
    }
}
