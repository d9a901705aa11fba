package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** {@code struct fuse_write_out} (8): reply to WRITE and COPY_FILE_RANGE. u32 size, u32 pad. */
public record WriteOut(int size) implements FuseReplyBody {

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
