package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct fuse_statfs_out} = {@code struct fuse_kstatfs} (80 bytes): reply to STATFS.
 *
 * <pre>
 *  0 u64 blocks   8 u64 bfree   16 u64 bavail   24 u64 files   32 u64 ffree
 * 40 u32 bsize   44 u32 namelen 48 u32 frsize   52 u32 padding 56 u32 spare[6]
 * </pre>
 */
public record StatfsOut(long blocks, long bfree, long bavail, long files, long ffree, int bsize,
        int namelen, int frsize) implements FuseReplyBody {

    public static final int SIZE = 80;

    @Override
    public int encodedSize() {
        return SIZE;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(blocks).putLong(bfree).putLong(bavail).putLong(files).putLong(ffree)
                .putInt(bsize).putInt(namelen).putInt(frsize).putInt(0);
        for (int i = 0; i < 6; i++) {
            out.putInt(0);
        }
    }
}
