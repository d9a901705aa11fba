package io.handlefs.lookup;

import io.handlefs.sys.Stat;

/** The result of OPEN: the handle of the open file and the file's attributes just after the open. */
public record Opened(long fh, Stat stat) {}
