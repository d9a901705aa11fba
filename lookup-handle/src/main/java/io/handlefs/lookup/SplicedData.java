package io.handlefs.lookup;

/** Data that waits outside the daemon's memory, in a pipe, to be moved into a file with splice(2). */
@FunctionalInterface
public interface SplicedData {
    /** Moves up to length bytes into fd at offset; returns how many it moved, at least one. */
    long moveTo(int fd, long offset, long length);
}
