package io.handlefs.lookup;

import io.handlefs.sys.Sys;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An O_PATH descriptor for one node, shared between the fd cache and the requests using it. It is
 * closed when the cache has let go of it and the last request has released it, so an eviction never
 * closes an fd under a running request (nor lets its number be reused for another file).
 */
final class PathFd implements AutoCloseable {
    private final int fd;
    /** References held; -1 once closed. The cache holds one while the fd is cached. */
    private final AtomicInteger refs = new AtomicInteger(1);

    PathFd(int fd) {
        this.fd = fd;
    }

    int fd() {
        return fd;
    }

    /** The /proc path that reopens this fd's file with the caller's permissions. */
    String procPath() {
        return "/proc/self/fd/" + fd;
    }

    /** Takes a reference, unless the fd is already closed. */
    boolean tryAcquire() {
        for (;;) {
            int r = refs.get();
            if (r <= 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Releases one reference. */
    @Override
    public void close() {
        if (refs.decrementAndGet() == 0 && refs.compareAndSet(0, -1)) {
            Sys.close(fd);
        }
    }
}
