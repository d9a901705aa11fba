package io.handlefs.inode;

import io.handlefs.codec.NodeId;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel's lookup count per node: every entry reply adds one, FORGET takes n away. A node the
 * kernel no longer counts may leave memory; whether it leaves the durable table is another matter
 * (its file may still be named by an NFS client).
 */
public final class LookupCounts {
    private final ConcurrentHashMap<Long, Long> counts = new ConcurrentHashMap<>();

    public void increment(NodeId id) {
        counts.merge(id.value(), 1L, Long::sum);
    }

    /** Lowers the count by n; returns true when the kernel holds no reference any more. */
    public boolean forget(NodeId id, long n) {
        boolean[] zero = {false};
        counts.computeIfPresent(id.value(), (k, c) -> {
            long left = c - n;
            if (left <= 0) {
                zero[0] = true;
                return null;
            }
            return left;
        });
        return zero[0];
    }

    public long count(NodeId id) {
        return counts.getOrDefault(id.value(), 0L);
    }

    public int size() {
        return counts.size();
    }
}
