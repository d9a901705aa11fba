package io.handlefs.lookup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.handlefs.codec.NodeId;

/**
 * The O_PATH fds the daemon keeps open. Normally bounded, whatever the size of the tree or of the
 * kernel's caches (libfuse's passthrough_hp keeps one per inode and runs out): an evicted node is
 * reopened from its handle on next use. A daemon that may not open by handle (not root) pins one
 * fd per node instead, until the node is forgotten.
 */
final class FdCache {
    private final Cache<Long, PathFd> cache;

    static FdCache bounded(int maxFds) {
        return new FdCache(Caffeine.newBuilder().maximumSize(maxFds));
    }

    static FdCache pinned() {
        return new FdCache(Caffeine.newBuilder());
    }

    private FdCache(Caffeine<Object, Object> builder) {
        this.cache = builder
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
