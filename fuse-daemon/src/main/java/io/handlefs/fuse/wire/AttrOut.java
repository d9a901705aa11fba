package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct fuse_attr_out} (104 bytes): the reply to GETATTR and SETATTR.
 *
 * <pre>
 *  0 u64 attr_valid   8 u32 attr_valid_nsec   12 u32 dummy   16 fuse_attr (88)
 * </pre>
 */
public record AttrOut(long attrValid, int attrValidNsec, Attr attr) implements FuseReplyBody {

    public static final int SIZE = 16 + Attr.SIZE;

    @Override
    public int encodedSize() {
        return SIZE;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(attrValid).putInt(attrValidNsec).putInt(0);
        attr.encode(out);
    }
}
