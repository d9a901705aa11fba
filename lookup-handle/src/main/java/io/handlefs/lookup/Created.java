package io.handlefs.lookup;

/** The result of CREATE or TMPFILE: the new file's entry and the handle of the open file. */
public record Created(Entry entry, long fh) {}
