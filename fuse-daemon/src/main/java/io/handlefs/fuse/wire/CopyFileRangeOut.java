package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** {@code struct fuse_copy_file_range_out} (8, 7.45): reply to COPY_FILE_RANGE_64. */
public record CopyFileRangeOut(long bytesCopied) implements FuseReplyBody {

    public static final int SIZE = 8;

    @Override
    public int encodedSize() {
        return SIZE;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(bytesCopied);
    }
}
