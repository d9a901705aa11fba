package io.handlefs.fuse;

/**
 * How a request answered later, from another thread (a blocking lock granted or interrupted), gets
 * its reply: written to the /dev/fuse fd it came from, or committed to its io_uring entry.
 */
@FunctionalInterface
interface LateReply {
    /** An empty reply (errno 0) or an error reply; never throws. */
    void send(long unique, int errno);
}
