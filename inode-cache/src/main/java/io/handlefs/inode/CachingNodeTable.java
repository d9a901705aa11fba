package io.handlefs.inode;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.handlefs.codec.FileHandle;
import io.handlefs.codec.NodeId;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A bounded hot set over any node table: the nodes the kernel is busy with are answered from memory
 * (no LMDB transaction, no sync), the rest from the table below. Only hits are cached, never
 * absence, since the table below is the truth and the cache is only ever a subset of it.
 *
 * <p>Coherence: every path that copies rows from the table below into the cache, and every
 * removal, runs under a lock striped by file handle, so a removal cannot slip between another
 * thread's read of a row and its caching of it (that row would then outlive its removal here), and
 * two parent-hint updates of one node reach the cache in the order they reached the table. Loads by
 * node ID run outside the stripes: Caffeine computes them atomically per key, and an invalidation
 * waits for a load in flight.
 */
public final class CachingNodeTable implements NodeTable {
    private static final int STRIPES = 64;

    private final NodeTable table;
    private final Cache<Long, NodeRecord> byId;
    private final Cache<FileHandle, NodeId> byHandle;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    /** Keeps at most about {@code maxNodes} nodes of the table below in memory. */
    public CachingNodeTable(NodeTable table, long maxNodes) {
        this.table = table;
        // Maintenance on the calling thread: handing it to the common pool costs a thread wake-up
        // per request, more than the maintenance itself.
        this.byId = Caffeine.newBuilder().maximumSize(maxNodes).executor(Runnable::run).build();
        this.byHandle = Caffeine.newBuilder().maximumSize(maxNodes).executor(Runnable::run).build();
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    @Override
    public NodeRecord setRoot(FileHandle rootHandle) {
        // Once, before serving: a changed root can drop a node below, so start from an empty cache.
        NodeRecord root = table.setRoot(rootHandle);
        byId.invalidateAll();
        byHandle.invalidateAll();
        return root;
    }

    @Override
    public NodeRecord getOrCreate(FileHandle handle, int fileType, NodeId parentHint) {
        NodeRecord hot = hot(handle);
        if (hot != null && hot.parentHint().equals(parentHint)) {
            return hot;
        }
        return locked(handle, () -> remember(table.getOrCreate(handle, fileType, parentHint)));
    }

    @Override
    public NodeRecord getOrCreateFresh(FileHandle handle, int fileType, NodeId parentHint) {
        return locked(handle, () -> remember(table.getOrCreateFresh(handle, fileType, parentHint)));
    }

    @Override
    public Optional<NodeRecord> get(NodeId id) {
        return Optional.ofNullable(byId.get(id.value(), k -> table.get(id).orElse(null)));
    }

    @Override
    public Optional<NodeRecord> find(FileHandle handle) {
        NodeRecord hot = hot(handle);
        if (hot != null) {
            return Optional.of(hot);
        }
        return locked(handle, () -> table.find(handle).map(this::remember));
    }

    @Override
    public void remove(NodeId id) {
        peek(id).ifPresent(node -> locked(node.handle(), () -> {
            table.remove(id);
            return forget(node);
        }));
    }

    /** An unreferenced node is cold: it leaves the hot cache whatever the store below does. */
    @Override
    public void release(NodeId id) {
        peek(id).ifPresent(node -> locked(node.handle(), () -> {
            table.release(id);
            return forget(node);
        }));
    }

    @Override
    public SweepCounts sweep(NodeSweep sweep) {
        return table.sweep(new NodeSweep() {
            @Override
            public boolean keep(NodeRecord node) {
                return sweep.keep(node);
            }

            @Override
            public void removed(NodeRecord node) {
                locked(node.handle(), () -> forget(node));
                sweep.removed(node);
            }
        });
    }

    @Override
    public long size() {
        return table.size();
    }

    @Override
    public void close() {
        byId.invalidateAll();
        byHandle.invalidateAll();
        table.close();
    }

    /**
     * A node about to leave the cache, for its handle's stripe: read from the table below if it is
     * not cached, but not cached then, since caching it would only evict a hot node.
     */
    private Optional<NodeRecord> peek(NodeId id) {
        NodeRecord hot = byId.getIfPresent(id.value());
        return hot != null ? Optional.of(hot) : table.get(id);
    }

    /** The cached node of a handle, or null: a handle whose node was evicted is a miss too. */
    private NodeRecord hot(FileHandle handle) {
        NodeId id = byHandle.getIfPresent(handle);
        return id == null ? null : byId.getIfPresent(id.value());
    }

    private NodeRecord remember(NodeRecord node) {
        byId.put(node.id().value(), node);
        byHandle.put(node.handle(), node.id());
        return node;
    }

    private NodeRecord forget(NodeRecord node) {
        byHandle.invalidate(node.handle());
        byId.invalidate(node.id().value());
        return node;
    }

    private <T> T locked(FileHandle handle, Supplier<T> body) {
        ReentrantLock lock = stripes[Math.floorMod(handle.hashCode(), STRIPES)];
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }
}
