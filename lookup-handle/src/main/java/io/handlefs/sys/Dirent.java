package io.handlefs.sys;

/**
 * One linux_dirent64 record: inode number, the offset to pass to lseek to continue after it,
 * the d_type ({@link Linux#DT_REG} ...), and the name as a raw name (see {@link RawNames}).
 */
public record Dirent(long ino, long off, int type, String name) {}
