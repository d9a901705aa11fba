package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct fuse_statx} (256 bytes, bit-compatible with statx(2)'s {@code struct statx}
 * up to dev_minor).
 *
 * <pre>
 *   0 u32 mask         4 u32 blksize      8 u64 attributes
 *  16 u32 nlink       20 u32 uid         24 u32 gid        28 u16 mode   30 u16 spare
 *  32 u64 ino         40 u64 size        48 u64 blocks     56 u64 attributes_mask
 *  64 atime {i64 sec, u32 nsec, i32 reserved}   80 btime   96 ctime   112 mtime
 * 128 u32 rdev_major 132 u32 rdev_minor 136 u32 dev_major 140 u32 dev_minor
 * 144 u64 spare[14]
 * </pre>
 *
 * @param mode unsigned 16-bit
 */
public record StatxAttr(int mask, int blksize, long attributes, int nlink, int uid, int gid,
        int mode, long ino, long size, long blocks, long attributesMask,
        long atimeSec, int atimeNsec, long btimeSec, int btimeNsec,
        long ctimeSec, int ctimeNsec, long mtimeSec, int mtimeNsec,
        int rdevMajor, int rdevMinor, int devMajor, int devMinor) implements FuseReplyBody {

    public static final int SIZE = 256;

    @Override
    public int encodedSize() {
        return SIZE;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(mask).putInt(blksize).putLong(attributes)
                .putInt(nlink).putInt(uid).putInt(gid).putShort((short) mode).putShort((short) 0)
                .putLong(ino).putLong(size).putLong(blocks).putLong(attributesMask);
        out.putLong(atimeSec).putInt(atimeNsec).putInt(0);
        out.putLong(btimeSec).putInt(btimeNsec).putInt(0);
        out.putLong(ctimeSec).putInt(ctimeNsec).putInt(0);
        out.putLong(mtimeSec).putInt(mtimeNsec).putInt(0);
        out.putInt(rdevMajor).putInt(rdevMinor).putInt(devMajor).putInt(devMinor);
        for (int i = 0; i < 14; i++) {
            out.putLong(0);
        }
    }
}
