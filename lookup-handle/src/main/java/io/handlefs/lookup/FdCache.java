package io.handlefs.lookup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.handlefs.codec.NodeId;

/**
 * The bounded set of O_PATH fds the daemon keeps open, whatever the size of the tree or of the
 * kernel's caches (libfuse's passthrough_hp keeps one per inode and runs out). An evicted node is
 * reopened from its handle on next use.
 */
final class FdCache {
    private final Cache<Long, PathFd> cache;

    FdCache(int maxFds) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxFds)
                .executor(Runnable::run) // close evicted fds now, not on a pool thread later
                .<Long, PathFd>removalListener((id, pathFd, cause) -> {
                    if (pathFd != null) {
                        pathFd.close();
                    }
                })
                .build();
    }

    /** The cached fd for a node with a reference taken, or null. */
    PathFd acquire(NodeId id) {
        PathFd cached = cache.getIfPresent(id.value());
        return cached != null && cached.tryAcquire() ? cached : null;
    }

    /**
     * Offers a freshly opened fd; returns the fd to use with a reference taken: the offered one, or
     * one another thread cached first (the offered one is then closed).
     */
    PathFd offer(NodeId id, int fd) {
        PathFd fresh = new PathFd(fd);
        fresh.tryAcquire(); // the caller's reference, taken before the cache may evict it
        PathFd winner = cache.asMap().merge(id.value(), fresh, (old, neu) -> old.tryAcquire() ? old : neu);
        if (winner != fresh) {
            fresh.close();
            fresh.close();
        }
        return winner;
    }

    void invalidate(NodeId id) {
        cache.invalidate(id.value());
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    void clear() {
        cache.invalidateAll();
        cache.cleanUp();
    }
}
