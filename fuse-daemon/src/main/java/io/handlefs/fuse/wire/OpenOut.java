package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct fuse_open_out} (16 bytes): the reply to OPEN and OPENDIR, second half of CREATE.
 *
 * <pre>
 *  0 u64 fh   8 u32 open_flags (FOPEN_*)   12 i32 backing_id (7.40, with FOPEN_PASSTHROUGH)
 * </pre>
 */
public record OpenOut(long fh, int openFlags, int backingId) implements FuseReplyBody {

    public static final int SIZE = 16;

    /** Bypass the page cache for this open file. */
    public static final int FOPEN_DIRECT_IO = 1 << 0;
    /** Don't invalidate the data cache on open. */
    public static final int FOPEN_KEEP_CACHE = 1 << 1;
    /** The file is not seekable. */
    public static final int FOPEN_NONSEEKABLE = 1 << 2;
    /** Allow caching this directory. */
    public static final int FOPEN_CACHE_DIR = 1 << 3;
    /** The file is stream-like (no file position at all). */
    public static final int FOPEN_STREAM = 1 << 4;
    /** Don't flush the data cache on close (unless FUSE_WRITEBACK_CACHE). */
    public static final int FOPEN_NOFLUSH = 1 << 5;
    /** Allow concurrent direct writes on the same inode. */
    public static final int FOPEN_PARALLEL_DIRECT_WRITES = 1 << 6;
    /** Passthrough read/write I/O to backing_id (7.40). */
    public static final int FOPEN_PASSTHROUGH = 1 << 7;

    @Override
    public int encodedSize() {
        return SIZE;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(fh).putInt(openFlags).putInt(backingId);
    }
}
