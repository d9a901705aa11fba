package io.handlefs.sys;

/** struct flock: type is F_RDLCK/F_WRLCK/F_UNLCK, whence SEEK_SET, len 0 means to EOF; pid is 0 for OFD locks. */
public record Flock(short type, short whence, long start, long len, int pid) {}
