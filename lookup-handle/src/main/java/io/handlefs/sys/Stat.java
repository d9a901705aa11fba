package io.handlefs.sys;

/** The fields of struct statx that a passthrough needs (times split into seconds and nanoseconds). */
public record Stat(long ino, long dev, int mode, int nlink, int uid, int gid, long rdev, long size,
                   long blocks, int blksize, long atimeSec, int atimeNsec, long mtimeSec, int mtimeNsec,
                   long ctimeSec, int ctimeNsec) {}
