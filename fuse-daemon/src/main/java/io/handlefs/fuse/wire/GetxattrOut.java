package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct fuse_getxattr_out} (8): reply to GETXATTR / LISTXATTR asked with size 0 (the
 * needed size). With a non-zero size the reply body is the raw value / name list instead.
 */
public record GetxattrOut(int size) implements FuseReplyBody {

    public static final int SIZE = 8;

    @Override
    public int encodedSize() {
        return SIZE;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(size).putInt(0);
    }
}
