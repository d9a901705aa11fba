package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct fuse_attr} (88 bytes).
 *
 * <pre>
 *  0 u64 ino       8 u64 size       16 u64 blocks (512-byte units)
 * 24 u64 atime    32 u64 mtime      40 u64 ctime
 * 48 u32 atimensec 52 u32 mtimensec 56 u32 ctimensec
 * 60 u32 mode     64 u32 nlink      68 u32 uid    72 u32 gid
 * 76 u32 rdev     80 u32 blksize    84 u32 flags (FUSE_ATTR_*)
 * </pre>
 */
public record Attr(long ino, long size, long blocks, long atime, long mtime, long ctime,
        int atimensec, int mtimensec, int ctimensec, int mode, int nlink, int uid, int gid,
        int rdev, int blksize, int flags) implements FuseReplyBody {

    public static final int SIZE = 88;
    /** flags: the object is a submount root. */
    public static final int FUSE_ATTR_SUBMOUNT = 1 << 0;
    /** flags: enable DAX for this file (per-inode DAX mode). */
    public static final int FUSE_ATTR_DAX = 1 << 1;

    @Override
    public int encodedSize() {
        return SIZE;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(ino).putLong(size).putLong(blocks)
                .putLong(atime).putLong(mtime).putLong(ctime)
                .putInt(atimensec).putInt(mtimensec).putInt(ctimensec)
                .putInt(mode).putInt(nlink).putInt(uid).putInt(gid)
                .putInt(rdev).putInt(blksize).putInt(flags);
    }

    /** Reads 88 bytes (for tests and tools). */
    public static Attr decode(ByteBuffer in) throws FuseDecodeException {
        if (in.remaining() < SIZE) {
            throw new FuseDecodeException(FuseDecodeException.Reason.SHORT_BODY, "fuse_attr");
        }
        in.order(ByteOrder.LITTLE_ENDIAN);
        return new Attr(in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(),
                in.getLong(), in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt(),
                in.getInt(), in.getInt(), in.getInt(), in.getInt(), in.getInt());
    }
}
