package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct fuse_lk_out} = {@code struct fuse_file_lock} (24): reply to GETLK.
 * u64 start, u64 end, u32 type (F_RDLCK/F_WRLCK/F_UNLCK), u32 pid.
 */
public record LkOut(long start, long end, int type, int pid) implements FuseReplyBody {

    public static final int SIZE = 24;

    @Override
    public int encodedSize() {
        return SIZE;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(start).putLong(end).putInt(type).putInt(pid);
    }
}
