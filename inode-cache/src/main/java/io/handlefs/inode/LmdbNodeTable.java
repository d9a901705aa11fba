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
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The node table in one LMDB environment (row layout in {@link NodeCodec}, meta rows in
 * {@link StoreMeta}), so node IDs outlive the process: an NFS client's handle still resolves after
 * the daemon restarts. Nothing is loaded at open: LMDB maps the file and reads pages as rows are
 * asked for, so opening a table of millions of nodes is instant.
 *
 * <p>A new or changed node is in the store before the method returns, so a reply built from its
 * result names only stored state. Under {@link SyncPolicy#DURABLE} and {@link SyncPolicy#LAZY_META}
 * that is one LMDB write transaction per node. Under the lazy policies ({@link SyncPolicy#PERIODIC},
 * {@link SyncPolicy#OS}), whose commits only reach the kernel anyway, it is one record in the
 * {@link NodeJournal}, a shared mapping that reaches the kernel with a memory copy: a write
 * transaction cost a create more than the lower create itself. There are two journals: new
 * records go to one while a batch writes the other's to LMDB on the sync thread (every
 * {@value #APPLY_BATCH} records or {@value #REMOVAL_BATCH} removals, once a second, before a sweep
 * and at close), so a request never waits for a batch unless both journals are full or removals
 * pile up. Both are replayed at open, the older first;
 * until a record is in LMDB its node is answered from memory. Removals are batched with the
 * records (a removed node is gone for readers at once).
 *
 * <p>Changes of the journals and the maps in memory take the writer lock; a batch takes it only to
 * swap the journals and to clean up after its commit, and one batch runs at a time. Readers take
 * no lock.
 *
 * <p>Byte arrays cross into LMDB through lmdbjava's {@link ByteArrayProxy}, which copies through
 * jnr-ffi memory: unlike its ByteBuffer proxies it needs no access to JDK internals, so the daemon
 * runs without {@code --add-opens} on any JDK. It must be lmdbjava 0.9.2 or later: before, the
 * collector could free that memory before LMDB read it ({@code LmdbUnderCollectionTest}).
 */
public final class LmdbNodeTable implements NodeTable {
    private static final Logger log = LoggerFactory.getLogger(LmdbNodeTable.class);

    private static final long SYNC_PERIOD_MS = 1000;
    /** Deferred removals that start a batch (lazy policies). */
    private static final int REMOVAL_BATCH = 256;
    static final int APPLY_BATCH = 1024;
    /** Pending removals at which a remover writes the batch itself rather than queue it. */
    private static final int MAX_PENDING_REMOVALS = 16 * REMOVAL_BATCH;
    /** Room for several batches of records of the largest handles (about 200 bytes each). */
    private static final int JOURNAL_BYTES = 4 << 20;

    private final Env<byte[]> env;
    private final Dbi<byte[]> ids;
    private final Dbi<byte[]> handles;
    private final StoreMeta meta;
    private final LmdbOptions options;
    /** The generation of nodes created by this open; older nodes keep theirs. */
    private final Generation generation;
    /** Written since the last sync (PERIODIC). */
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final ReentrantLock writer = new ReentrantLock();
    /** The journal records go to, and the other one; null under the durable policies. */
    private NodeJournal journal;
    private NodeJournal standby;
    /** Journaled nodes not yet in LMDB, by ID and by handle; written under the writer lock. */
    private final Map<Long, Journaled> unapplied = new ConcurrentHashMap<>();
    private final Map<FileHandle, Journaled> unappliedByHandle = new ConcurrentHashMap<>();
    /** Numbers the appends, so a batch's clean-up leaves a node journaled again meanwhile. */
    private long appends;
    /** The next node ID to give (under the writer lock); the store's row follows it at each batch. */
    private long nextId;
    private final ReentrantLock batches = new ReentrantLock();
    private final AtomicBoolean batchQueued = new AtomicBoolean();
    /** Batches of removals committed: a reader that saw this change reads again ({@link #live}). */
    private final AtomicLong removalBatches = new AtomicLong();
    /**
     * Removed nodes whose rows are deleted later, many in one write transaction (lazy policies): a
     * node whose file is gone may linger in the table after a crash (a sweep finds it), while a
     * write transaction per unlink costs as much as the unlink itself. Readers treat them as gone.
     */
    private final Map<NodeId, NodeRecord> pendingRemovals = new ConcurrentHashMap<>();
    private final int removalBatch;
    private ScheduledExecutorService flusher;

    /** A node's latest journal record; the append number tells two records of one node apart. */
    private record Journaled(NodeRecord node, long append) {
    }

    private LmdbNodeTable(Env<byte[]> env, Path dir, LmdbOptions options) {
        this.env = env;
        this.options = options;
        this.ids = env.openDbi("ids", DbiFlags.MDB_CREATE);
        this.handles = env.openDbi("handles", DbiFlags.MDB_CREATE);
        this.meta = new StoreMeta(env.openDbi("meta", DbiFlags.MDB_CREATE));
        this.generation = write(txn -> meta.open(txn, ids.stat(txn).entries == 0, System.currentTimeMillis()));
        boolean lazy = options.sync() == SyncPolicy.PERIODIC || options.sync() == SyncPolicy.OS;
        this.removalBatch = lazy ? REMOVAL_BATCH : 1;
        if (lazy) {
            replay(NodeJournal.open(dir.resolve("journal-a"), JOURNAL_BYTES),
                    NodeJournal.open(dir.resolve("journal-b"), JOURNAL_BYTES));
        }
        this.nextId = read(meta::next).value();
        if (lazy) {
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
            return new LmdbNodeTable(env, dir, options);
        } catch (RuntimeException e) {
            env.close();
            throw e instanceof LmdbException l ? failure("open " + dir, l) : e;
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

    /**
     * What a killed process left in the journals goes to LMDB before anything else is served, the
     * journal of the lower epoch first (a later record of a node wins).
     */
    private void replay(NodeJournal a, NodeJournal b) {
        NodeJournal older = a.epoch() <= b.epoch() ? a : b;
        NodeJournal newer = older == a ? b : a;
        List<NodeRecord> left = new ArrayList<>(older.replay());
        left.addAll(newer.replay());
        if (!left.isEmpty()) {
            write(txn -> {
                long top = 0;
                for (NodeRecord node : left) {
                    put(txn, node);
                    top = Math.max(top, node.id().value());
                }
                meta.raise(txn, new NodeId(top + 1));
                return null;
            });
            log.info("node table: {} node records the last process journaled were written to the table",
                    left.size());
        }
        long epoch = newer.epoch();
        older.clear(epoch + 1);
        newer.clear(epoch + 2);
        journal = newer;
        standby = older;
    }

    @Override
    public NodeRecord setRoot(FileHandle rootHandle) {
        applyBatch();
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
            put(txn, root);
            return root;
        });
    }

    @Override
    public NodeRecord getOrCreate(FileHandle handle, int fileType, NodeId parentHint) {
        // Most lookups name a known node from the same directory: answer those without the lock.
        Optional<NodeRecord> known = find(handle);
        if (known.isPresent() && known.get().parentHint().equals(parentHint)) {
            return known.get();
        }
        return getOrCreateStored(handle, fileType, parentHint, false);
    }

    /**
     * Does not look for the handle in LMDB: a row there could only be a deleted file's whose
     * inode and generation the new file reuses, which the lower filesystem itself cannot tell
     * from the new file; the new node then takes the handle row.
     */
    @Override
    public NodeRecord getOrCreateFresh(FileHandle handle, int fileType, NodeId parentHint) {
        return getOrCreateStored(handle, fileType, parentHint, true);
    }

    /** When both journals are full, waits for a batch, which empties one. */
    private NodeRecord getOrCreateStored(FileHandle handle, int fileType, NodeId parentHint, boolean fresh) {
        while (true) {
            NodeRecord node = locked(() -> getOrCreateLocked(handle, fileType, parentHint, fresh));
            if (node != null) {
                return node;
            }
            applyBatch();
        }
    }

    /** Creates many nodes in one transaction: how tests build big tables quickly. */
    void getOrCreateAll(List<FileHandle> handles, int fileType, NodeId parentHint) {
        write(txn -> {
            for (FileHandle h : handles) {
                if (nodeOf(txn, NodeCodec.handleKey(h), h).isEmpty()) {
                    put(txn, new NodeRecord(new NodeId(nextId++), generation, h, fileType, parentHint));
                }
            }
            meta.raise(txn, new NodeId(nextId));
            return null;
        });
    }

    /**
     * Looks up again under the lock (another writer may have created it meanwhile); null, with
     * nothing changed, when the journal has no room.
     */
    private NodeRecord getOrCreateLocked(FileHandle handle, int fileType, NodeId parentHint, boolean fresh) {
        Optional<NodeRecord> journaled = Optional.ofNullable(unappliedByHandle.get(handle)).map(Journaled::node);
        Optional<NodeRecord> known = fresh ? journaled
                : journaled.or(() -> read(txn -> nodeOf(txn, NodeCodec.handleKey(handle), handle)));
        NodeRecord node;
        if (known.isEmpty()) {
            node = new NodeRecord(new NodeId(nextId), generation, handle, fileType, parentHint);
        } else {
            node = known.get().withParentHint(parentHint);
            // Named again before its removal reached the table (a link raced the unlink): it
            // stays, and is journaled again in case a batch is deleting its rows right now.
            if (node == known.get() && !pendingRemovals.containsKey(node.id())) {
                return node;
            }
        }
        if (!store(node)) {
            return null;
        }
        if (known.isEmpty()) {
            nextId++;
        } else {
            pendingRemovals.remove(node.id());
        }
        return node;
    }

    /**
     * A new or changed node into the journal, or into LMDB at once without one (under the writer
     * lock); false, with nothing written, when the journal is full.
     */
    private boolean store(NodeRecord node) {
        if (journal == null) {
            write(txn -> {
                put(txn, node);
                meta.raise(txn, new NodeId(Math.max(nextId, node.id().value() + 1)));
                return null;
            });
            return true;
        }
        if (!journal.append(node)) {
            return false;
        }
        Journaled latest = new Journaled(node, ++appends);
        unapplied.put(node.id().value(), latest);
        unappliedByHandle.put(node.handle(), latest);
        if (journal.records() >= APPLY_BATCH) {
            queueBatch();
        }
        return true;
    }

    @Override
    public Optional<NodeRecord> get(NodeId id) {
        return live(() -> Optional.ofNullable(unapplied.get(id.value())).map(Journaled::node)
                .or(() -> read(txn -> record(txn, id))));
    }

    @Override
    public Optional<NodeRecord> find(FileHandle handle) {
        return live(() -> Optional.ofNullable(unappliedByHandle.get(handle)).map(Journaled::node)
                .or(() -> read(txn -> nodeOf(txn, NodeCodec.handleKey(handle), handle))));
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

    /** The node leaves at once for readers; its rows leave with the next batch. */
    @Override
    public void remove(NodeId id) {
        if (id.isRoot()) {
            return;
        }
        Optional.ofNullable(unapplied.get(id.value())).map(Journaled::node).or(() -> read(txn -> record(txn, id)))
                .ifPresent(node -> pendingRemovals.put(id, node));
        int pending = pendingRemovals.size();
        if (pending >= removalBatch) {
            // On the sync thread, unless it falls this far behind (or there is none: durable).
            if (flusher != null && pending < MAX_PENDING_REMOVALS) {
                queueBatch();
            } else {
                applyBatch();
            }
        }
    }

    /** A batch on the sync thread, at most one queued at a time. */
    private void queueBatch() {
        if (batchQueued.compareAndSet(false, true)) {
            flusher.execute(() -> {
                batchQueued.set(false);
                applyBatchQuietly();
            });
        }
    }

    /**
     * One batch: the journaled nodes are written to LMDB and the pending removals deleted, in one
     * write transaction, while new records go to the other journal; then the written journal is
     * emptied. The writer lock is held only to swap the journals and to clean up.
     */
    private void applyBatch() {
        batches.lock();
        try {
            List<Journaled> nodes;
            List<NodeRecord> removed;
            NodeJournal written;
            long next;
            writer.lock();
            try {
                if (unapplied.isEmpty() && pendingRemovals.isEmpty()) {
                    return;
                }
                nodes = List.copyOf(unapplied.values());
                removed = List.copyOf(pendingRemovals.values());
                next = nextId;
                written = journal;
                if (written == null || standby.records() > 0) {
                    // No journals (the durable policies), or a failed batch left its records in
                    // the standby: the batch holds the lock throughout and empties both.
                    writeBatch(nodes, removed, next);
                    if (standby != null) {
                        standby.clear(standby.epoch());
                    }
                    cleanUp(nodes, removed, written);
                    return;
                }
                // The standby's epoch marks it the newer journal from now on.
                standby.clear(written.epoch() + 1);
                journal = standby;
                standby = written;
            } finally {
                writer.unlock();
            }
            writeBatch(nodes, removed, next);
            writer.lock();
            try {
                cleanUp(nodes, removed, written);
            } finally {
                writer.unlock();
            }
        } finally {
            batches.unlock();
        }
    }

    private void writeBatch(List<Journaled> nodes, List<NodeRecord> removed, long next) {
        transact(txn -> {
            for (Journaled j : nodes) {
                put(txn, j.node());
            }
            meta.raise(txn, new NodeId(next));
            // A node both journaled and removed is written, then deleted: removals come last.
            for (NodeRecord node : removed) {
                if (record(txn, node.id()).filter(node::equals).isPresent()) {
                    delete(txn, node);
                }
            }
            return null;
        });
    }

    /**
     * After a batch's commit, under the writer lock. In this order, for readers that take no lock
     * (see live): a node leaves memory once it is in LMDB, unless journaled again meanwhile; and a
     * removal stops being pending only after the count tells readers that began before the commit
     * to read again. A node revived meanwhile was journaled again, so it is not lost here.
     */
    private void cleanUp(List<Journaled> nodes, List<NodeRecord> removed, NodeJournal written) {
        for (Journaled j : nodes) {
            unapplied.remove(j.node().id().value(), j);
            unappliedByHandle.remove(j.node().handle(), j);
        }
        if (written != null) {
            written.clear(written.epoch());
        }
        removalBatches.incrementAndGet();
        removed.forEach(node -> pendingRemovals.remove(node.id(), node));
    }

    /** A batch in the background: a failure leaves everything journaled for the next try. */
    private void applyBatchQuietly() {
        try {
            applyBatch();
        } catch (NodeStoreException e) {
            log.warn("writing journaled nodes and removals to the table failed; retrying later: {}", e.getMessage());
        }
    }

    @Override
    public SweepCounts sweep(NodeSweep sweep) {
        applyBatch();
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

    /**
     * A sweep's deletion: a node's rows go if it is still as judged (its latest journal record,
     * if it has one); under the writer lock, so the journal cannot change meanwhile.
     */
    private boolean deleteIfUnchanged(Txn<byte[]> txn, NodeRecord judged) {
        Journaled journaled = unapplied.get(judged.id().value());
        Optional<NodeRecord> current = journaled != null ? Optional.of(journaled.node()) : record(txn, judged.id());
        if (!current.filter(judged::equals).isPresent()) {
            return false;
        }
        if (journaled != null) {
            unapplied.remove(judged.id().value(), journaled);
            unappliedByHandle.remove(judged.handle(), journaled);
        }
        delete(txn, judged);
        return true;
    }

    @Override
    public long size() {
        applyBatch();
        return read(txn -> ids.stat(txn).entries);
    }

    /**
     * Lazy policies: once a second, writes what the journal and the pending removals hold; under
     * PERIODIC then syncs, when something was written since the last sync.
     */
    private void startPeriodicSync() {
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-table-sync");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(() -> {
            applyBatchQuietly();
            if (options.sync() == SyncPolicy.PERIODIC && dirty.getAndSet(false)) {
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
                applyBatch();
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

    /** Writes both rows of a node (a new one, or one whose parent hint changed). */
    private void put(Txn<byte[]> txn, NodeRecord node) {
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

    /** Runs the body in one write transaction under the writer lock. */
    private <T> T write(Function<Txn<byte[]>, T> body) {
        return locked(() -> transact(body));
    }

    /**
     * Runs the body in one write transaction and commits it; an exception aborts it instead.
     * LMDB itself lets one write transaction run at a time.
     */
    private <T> T transact(Function<Txn<byte[]>, T> body) {
        try (Txn<byte[]> txn = env.txnWrite()) {
            T result = body.apply(txn);
            txn.commit();
            dirty.set(true);
            return result;
        } catch (LmdbException e) {
            throw failure("write", e);
        }
    }

    private <T> T locked(Supplier<T> body) {
        writer.lock();
        try {
            return body.get();
        } finally {
            writer.unlock();
        }
    }

    private static NodeStoreException failure(String what, LmdbException e) {
        NodeStoreException.Reason reason = e instanceof Env.MapFullException
                ? NodeStoreException.Reason.FULL : NodeStoreException.Reason.STORE;
        return new NodeStoreException(reason, what + ": " + e.getMessage(), e);
    }
}
