package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** {@code struct fuse_lseek_out} (8): reply to LSEEK. */
public record LseekOut(long offset) implements FuseReplyBody {

    public static final int SIZE = 8;

    @Override
    public int encodedSize() {
        return SIZE;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(offset);
    }
}
