package io.handlefs.inode;

import io.handlefs.codec.FileHandle;
import io.handlefs.codec.Generation;
import io.handlefs.codec.NodeId;
import org.lmdbjava.ByteArrayProxy;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.KeyRange;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The node table in one LMDB environment (row layout in {@link NodeCodec}, meta rows in
 * {@link StoreMeta}), so node IDs outlive the process: an NFS client's handle still resolves after
 * the daemon restarts. Every new or changed node is one write transaction, committed before the
 * method returns, so a reply built from its result names only committed state; removals are batched
 * under PERIODIC (a removed node is gone for readers at once). Nothing is loaded at open: LMDB maps
 * the file and reads pages as rows are asked for, so opening a table of millions of nodes is instant.
 *
 * <p>Byte arrays cross into LMDB through lmdbjava's {@link ByteArrayProxy}, which copies through
 * jnr-ffi memory: unlike its ByteBuffer proxies it needs no access to JDK internals, so the daemon
 * runs without {@code --add-opens} on any JDK.
 */
public final class LmdbNodeTable implements NodeTable {
    private static final Logger log = LoggerFactory.getLogger(LmdbNodeTable.class);

    private final Env<byte[]> env;
    private final Dbi<byte[]> ids;
    private final Dbi<byte[]> handles;
    private final StoreMeta meta;
    private final LmdbOptions options;
    /** The generation of nodes created by this open; older nodes keep theirs. */
    private final Generation generation;
    private static final long SYNC_PERIOD_MS = 1000;
    /** Removals deferred at most (PERIODIC), besides those the periodic sync drains. */
    private static final int REMOVAL_BATCH = 256;
    /** Written since the last sync (PERIODIC). */
    private final AtomicBoolean dirty = new AtomicBoolean();
    /**
     * Removed nodes whose rows are deleted later, many in one write transaction (PERIODIC): a
     * node whose file is gone may linger in the table after a crash (a sweep finds it), while a
     * write transaction per unlink costs as much as the unlink itself. Readers treat them as gone.
     */
    private final Map<NodeId, NodeRecord> pendingRemovals = new ConcurrentHashMap<>();
    private final int removalBatch;
    /** Batches of removals committed: a reader that saw this change reads again ({@link #live}). */
    private final AtomicLong removalBatches = new AtomicLong();
    private ScheduledExecutorService flusher;

    private LmdbNodeTable(Env<byte[]> env, LmdbOptions options) {
        this.env = env;
        this.options = options;
        this.ids = env.openDbi("ids", DbiFlags.MDB_CREATE);
        this.handles = env.openDbi("handles", DbiFlags.MDB_CREATE);
        this.meta = new StoreMeta(env.openDbi("meta", DbiFlags.MDB_CREATE));
        this.generation = write(txn -> meta.open(txn, ids.stat(txn).entries == 0, System.currentTimeMillis()));
        this.removalBatch = options.sync() == SyncPolicy.PERIODIC ? REMOVAL_BATCH : 1;
        if (options.sync() == SyncPolicy.PERIODIC) {
            startPeriodicSync();
        }
    }

    /** Opens (creating if needed) the table in a directory of its own. */
    public static LmdbNodeTable open(Path dir, LmdbOptions options) {
        Env<byte[]> env;
        try {
            Files.createDirectories(dir);
            env = Env.create(ByteArrayProxy.PROXY_BA)
                    .setMapSize(options.mapSize())
                    .setMaxDbs(3)
                    .open(dir.toFile(), 0600, envFlags(options.sync()));
        } catch (IOException e) {
            throw new NodeStoreException(NodeStoreException.Reason.STORE, "cannot create " + dir, e);
        } catch (LmdbException e) {
            throw failure("open " + dir, e);
        }
        try {
            return new LmdbNodeTable(env, options);
        } catch (LmdbException e) {
            env.close();
            throw failure("open " + dir, e);
        } catch (RuntimeException e) {
            env.close();
            throw e;
        }
    }

    private static EnvFlags[] envFlags(SyncPolicy sync) {
        // NOTLS: a reader slot belongs to a transaction, not to a thread, so any number of worker
        // threads may read (slots are only held while a read runs).
        return switch (sync) {
            case DURABLE -> new EnvFlags[] {EnvFlags.MDB_NOTLS};
            case LAZY_META -> new EnvFlags[] {EnvFlags.MDB_NOTLS, EnvFlags.MDB_NOMETASYNC};
            // WRITEMAP: a commit writes into the map instead of pwrite-ing each dirty page (a
            // dozen syscalls per new node); safe here because no native code writes into it.
            case PERIODIC, OS -> new EnvFlags[] {EnvFlags.MDB_NOTLS, EnvFlags.MDB_NOSYNC, EnvFlags.MDB_WRITEMAP};
        };
    }

    @Override
    public NodeRecord setRoot(FileHandle rootHandle) {
        return write(txn -> {
            Optional<NodeRecord> earlier = record(txn, NodeId.ROOT);
            if (earlier.isPresent() && earlier.get().handle().equals(rootHandle)) {
                return earlier.get();
            }
            earlier.ifPresent(old -> {
                log.warn("export root changed from {} to {}; nodes of the old tree stay until a sweep", old.handle(),
                        rootHandle);
                delete(txn, old);
            });
            // The new root may be a directory that already had a node: that node answers ESTALE now.
            nodeOf(txn, NodeCodec.handleKey(rootHandle), rootHandle).ifPresent(node -> delete(txn, node));
            NodeRecord root = new NodeRecord(NodeId.ROOT, earlier.map(NodeRecord::generation).orElse(generation),
                    rootHandle, NodeRecord.S_IFDIR, NodeId.ROOT);
            insert(txn, root);
            return root;
        });
    }

    @Override
    public NodeRecord getOrCreate(FileHandle handle, int fileType, NodeId parentHint) {
        byte[] key = NodeCodec.handleKey(handle);
        // Most lookups name a known node from the same directory: answer those from a read
        // transaction, which neither waits for the single writer nor syncs.
        Optional<NodeRecord> known = live(() -> read(txn -> nodeOf(txn, key, handle)));
        if (known.isPresent() && known.get().parentHint().equals(parentHint)) {
            return known.get();
        }
        return write(txn -> getOrCreate(txn, key, handle, fileType, parentHint));
    }

    @Override
    public NodeRecord getOrCreateFresh(FileHandle handle, int fileType, NodeId parentHint) {
        return write(txn -> getOrCreate(txn, NodeCodec.handleKey(handle), handle, fileType, parentHint));
    }

    /** Creates many nodes in one transaction: how tests build big tables quickly. */
    void getOrCreateAll(List<FileHandle> handles, int fileType, NodeId parentHint) {
        write(txn -> {
            for (FileHandle h : handles) {
                getOrCreate(txn, NodeCodec.handleKey(h), h, fileType, parentHint);
            }
            return null;
        });
    }

    /** Looks up again inside the write transaction: another writer may have created it meanwhile. */
    private NodeRecord getOrCreate(Txn<byte[]> txn, byte[] key, FileHandle handle, int fileType, NodeId parentHint) {
        Optional<NodeRecord> known = nodeOf(txn, key, handle);
        // Named again before its removal reached the table (a link raced the unlink): it stays.
        known.ifPresent(node -> pendingRemovals.remove(node.id()));
        if (known.isEmpty()) {
            NodeRecord created = new NodeRecord(meta.allocate(txn), generation, handle, fileType, parentHint);
            insert(txn, created);
            return created;
        }
        NodeRecord updated = known.get().withParentHint(parentHint);
        if (updated != known.get()) {
            ids.put(txn, NodeCodec.idKey(updated.id()), NodeCodec.record(updated));
        }
        return updated;
    }

    @Override
    public Optional<NodeRecord> get(NodeId id) {
        return live(() -> read(txn -> record(txn, id)));
    }

    @Override
    public Optional<NodeRecord> find(FileHandle handle) {
        return live(() -> read(txn -> nodeOf(txn, NodeCodec.handleKey(handle), handle)));
    }

    /**
     * A node as a reader may see it: not pending removal, and read again if a batch of removals
     * was committed meanwhile. A read transaction begun before that commit still sees the rows,
     * while the removals stop being pending once it is done: without the second read, a lookup
     * racing the batch would hand out (and the hot cache keep) a node that is gone.
     */
    private Optional<NodeRecord> live(Supplier<Optional<NodeRecord>> lookup) {
        while (true) {
            long batches = removalBatches.get();
            Optional<NodeRecord> node = lookup.get().filter(n -> !pendingRemovals.containsKey(n.id()));
            if (removalBatches.get() == batches) {
                return node;
            }
        }
    }

    /** The record stays: it is removed when its file is gone, or by a sweep. */
    @Override
    public void release(NodeId id) {
        // nothing to do: durability is the point
    }

    /** The node leaves at once for readers; its rows leave with the next batch of removals. */
    @Override
    public void remove(NodeId id) {
        if (id.isRoot()) {
            return;
        }
        read(txn -> record(txn, id)).ifPresent(node -> pendingRemovals.put(id, node));
        if (pendingRemovals.size() >= removalBatch) {
            drainRemovals();
        }
    }

    /** Deletes the rows of the pending removals in one write transaction. */
    private void drainRemovals() {
        if (pendingRemovals.isEmpty()) {
            return;
        }
        List<NodeRecord> batch = write(txn -> {
            // Inside the single writer: a getOrCreate that revives a node runs wholly before or
            // after, so these stay pending until their rows are gone.
            List<NodeRecord> removed = List.copyOf(pendingRemovals.values());
            for (NodeRecord node : removed) {
                deleteIfUnchanged(txn, node);
            }
            return removed;
        });
        // Readers that began before the commit read again (live) once the count moves.
        removalBatches.incrementAndGet();
        batch.forEach(node -> pendingRemovals.remove(node.id(), node));
    }

    @Override
    public SweepCounts sweep(NodeSweep sweep) {
        drainRemovals();
        SweepTally tally = new SweepTally(sweep);
        byte[] after = null;
        for (List<Row> batch = rowsAfter(after); !batch.isEmpty(); batch = rowsAfter(after)) {
            List<NodeRecord> doomed = new ArrayList<>();
            for (Row row : batch) {
                judge(row, tally, doomed);
            }
            // Removed in one write transaction per batch, each only if it is still what was judged;
            // the sweep hears of removals once they are committed.
            List<NodeRecord> gone = write(txn -> {
                List<NodeRecord> deleted = new ArrayList<>();
                for (NodeRecord node : doomed) {
                    if (deleteIfUnchanged(txn, node)) {
                        deleted.add(node);
                    } else {
                        tally.spared();
                    }
                }
                return deleted;
            });
            gone.forEach(tally::removed);
            after = batch.get(batch.size() - 1).key();
        }
        return tally.counts();
    }

    private void judge(Row row, SweepTally tally, List<NodeRecord> doomed) {
        NodeRecord node;
        try {
            node = NodeCodec.record(row.key(), row.value());
        } catch (NodeStoreException e) {
            log.warn("sweep: unreadable node row: {}", e.getMessage());
            tally.unreadable();
            return;
        }
        if (tally.doomed(node)) {
            doomed.add(node);
        }
    }

    /** One key and value of the ids database, copied out of a read transaction. */
    private record Row(byte[] key, byte[] value) {
    }

    /** The next batch of rows in ID order; each batch is its own short read transaction. */
    private List<Row> rowsAfter(byte[] after) {
        return read(txn -> {
            List<Row> rows = new ArrayList<>();
            try (CursorIterable<byte[]> it = ids.iterate(txn, after == null ? KeyRange.all() : KeyRange.greaterThan(after))) {
                for (CursorIterable.KeyVal<byte[]> kv : it) {
                    rows.add(new Row(kv.key(), kv.val()));
                    if (rows.size() == options.sweepBatch()) {
                        break;
                    }
                }
            }
            return rows;
        });
    }

    private boolean deleteIfUnchanged(Txn<byte[]> txn, NodeRecord judged) {
        if (!record(txn, judged.id()).filter(judged::equals).isPresent()) {
            return false;
        }
        delete(txn, judged);
        return true;
    }

    @Override
    public long size() {
        drainRemovals();
        return read(txn -> ids.stat(txn).entries);
    }

    /** PERIODIC: syncs once a second when something was written since the last sync. */
    private void startPeriodicSync() {
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-table-sync");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(() -> {
            try {
                drainRemovals();
            } catch (NodeStoreException e) {
                log.warn("deferred node removals failed; retrying in a second: {}", e.getMessage());
            }
            if (dirty.getAndSet(false)) {
                try {
                    env.sync(true);
                } catch (LmdbException e) {
                    dirty.set(true);
                    log.warn("node table sync failed; retrying in a second: {}", e.getMessage());
                }
            }
        }, SYNC_PERIOD_MS, SYNC_PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdownNow();
            try {
                // A sync or drain in flight must finish before the environment closes under it.
                flusher.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (!env.isClosed()) {
                drainRemovals();
            }
            if (!env.isClosed() && options.sync() != SyncPolicy.DURABLE) {
                // A clean stop is durable whatever the policy: only a crash may lose lazy commits.
                env.sync(true);
            }
        } catch (LmdbException e) {
            throw failure("sync at close", e);
        } finally {
            env.close();
        }
    }

    // ---- rows ----------------------------------------------------------------------------

    private Optional<NodeRecord> record(Txn<byte[]> txn, NodeId id) {
        byte[] key = NodeCodec.idKey(id);
        byte[] value = ids.get(txn, key);
        return value == null ? Optional.empty() : Optional.of(NodeCodec.record(key, value));
    }

    /**
     * The node a handle row names. A handle row counts only if the record it points to names the
     * same handle; one that does not (which only damage can leave) is logged and treated as absent,
     * so the next getOrCreate gives the file a fresh node rather than another file's.
     */
    private Optional<NodeRecord> nodeOf(Txn<byte[]> txn, byte[] handleKey, FileHandle handle) {
        byte[] row = handles.get(txn, handleKey);
        if (row == null) {
            return Optional.empty();
        }
        NodeId id = NodeCodec.nodeId(row, "handle row");
        Optional<NodeRecord> node = record(txn, id);
        if (node.isEmpty() || !node.get().handle().equals(handle)) {
            log.warn("handle row of {} names {}, whose record {}; treated as absent", handle, id,
                    node.map(n -> "names " + n.handle()).orElse("is missing"));
            return Optional.empty();
        }
        return node;
    }

    private void insert(Txn<byte[]> txn, NodeRecord node) {
        ids.put(txn, NodeCodec.idKey(node.id()), NodeCodec.record(node));
        handles.put(txn, NodeCodec.handleKey(node.handle()), NodeCodec.idKey(node.id()));
    }

    /** Deletes a node's two rows; its handle row only if it still points to this node. */
    private void delete(Txn<byte[]> txn, NodeRecord node) {
        byte[] idKey = NodeCodec.idKey(node.id());
        ids.delete(txn, idKey);
        byte[] handleKey = NodeCodec.handleKey(node.handle());
        if (Arrays.equals(handles.get(txn, handleKey), idKey)) {
            handles.delete(txn, handleKey);
        }
    }

    // ---- transactions --------------------------------------------------------------------

    private <T> T read(Function<Txn<byte[]>, T> body) {
        try (Txn<byte[]> txn = env.txnRead()) {
            return body.apply(txn);
        } catch (LmdbException e) {
            throw failure("read", e);
        }
    }

    /** Runs the body in one write transaction and commits it; an exception aborts it instead. */
    private <T> T write(Function<Txn<byte[]>, T> body) {
        try (Txn<byte[]> txn = env.txnWrite()) {
            T result = body.apply(txn);
            txn.commit();
            dirty.set(true);
            return result;
        } catch (LmdbException e) {
            throw failure("write", e);
        }
    }

    private static NodeStoreException failure(String what, LmdbException e) {
        NodeStoreException.Reason reason = e instanceof Env.MapFullException
                ? NodeStoreException.Reason.FULL : NodeStoreException.Reason.STORE;
        return new NodeStoreException(reason, what + ": " + e.getMessage(), e);
    }
}
