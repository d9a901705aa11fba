package io.handlefs.sys;

/** What name_to_handle_at(2) returns: the filesystem's opaque handle, its type, and the mount id. */
public record KernelHandle(int type, byte[] bytes, int mountId) {}
