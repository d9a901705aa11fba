package io.handlefs.sys;

/** struct statfs; fsid is f_fsid's two ints packed little-endian into one long. */
public record StatFs(long type, long bsize, long blocks, long bfree, long bavail, long files, long ffree,
                     long fsid, long namelen, long frsize, long flags) {}
