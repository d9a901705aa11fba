package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct fuse_statx_out} (288 bytes): reply to STATX.
 *
 * <pre>
 *  0 u64 attr_valid   8 u32 attr_valid_nsec   12 u32 flags   16 u64 spare[2]   32 fuse_statx
 * </pre>
 */
public record StatxOut(long attrValid, int attrValidNsec, int flags, StatxAttr stat)
        implements FuseReplyBody {

    public static final int SIZE = 32 + StatxAttr.SIZE;

    @Override
    public int encodedSize() {
        return SIZE;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(attrValid).putInt(attrValidNsec).putInt(flags).putLong(0).putLong(0);
        stat.encode(out);
    }
}
