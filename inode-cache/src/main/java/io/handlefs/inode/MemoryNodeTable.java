package io.handlefs.inode;

import io.handlefs.codec.FileHandle;
import io.handlefs.codec.Generation;
import io.handlefs.codec.NodeId;

import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node table held in memory only. Its generation is drawn from the clock at start, so node IDs
 * handed out by an earlier process (which restart from 2 here) never match a (node ID, generation)
 * pair the kernel or an NFS client still holds: they answer ESTALE instead of naming another file.
 */
public final class MemoryNodeTable implements NodeTable {
    private final Generation generation;
    private final AtomicLong nextId = new AtomicLong(NodeId.ROOT.value() + 1);
    private final ConcurrentHashMap<Long, NodeRecord> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<FileHandle, NodeRecord> byHandle = new ConcurrentHashMap<>();

    public MemoryNodeTable() {
        this(new Generation(System.currentTimeMillis()));
    }

    public MemoryNodeTable(Generation generation) {
        this.generation = generation;
    }

    @Override
    public NodeRecord setRoot(FileHandle rootHandle) {
        NodeRecord root = new NodeRecord(NodeId.ROOT, generation, rootHandle, NodeRecord.S_IFDIR, NodeId.ROOT);
        NodeRecord earlier = byId.put(NodeId.ROOT.value(), root);
        if (earlier != null) {
            byHandle.remove(earlier.handle(), earlier);
        }
        byHandle.put(rootHandle, root);
        return root;
    }

    @Override
    public NodeRecord getOrCreate(FileHandle handle, int fileType, NodeId parentHint) {
        NodeRecord record = byHandle.compute(handle, (h, known) -> {
            if (known == null) {
                return new NodeRecord(new NodeId(nextId.getAndIncrement()), generation, h, fileType, parentHint);
            }
            return known.withParentHint(parentHint);
        });
        byId.put(record.id().value(), record);
        return record;
    }

    @Override
    public Optional<NodeRecord> get(NodeId id) {
        return Optional.ofNullable(byId.get(id.value()));
    }

    @Override
    public Optional<NodeRecord> find(FileHandle handle) {
        return Optional.ofNullable(byHandle.get(handle));
    }

    @Override
    public void remove(NodeId id) {
        if (id.isRoot()) {
            return;
        }
        NodeRecord gone = byId.remove(id.value());
        if (gone != null) {
            byHandle.remove(gone.handle(), gone);
        }
    }

    /** In memory, an unreferenced node is unreachable: it goes. */
    @Override
    public void release(NodeId id) {
        remove(id);
    }

    @Override
    public SweepCounts sweep(NodeSweep sweep) {
        SweepTally tally = new SweepTally(sweep);
        for (long id : new TreeSet<>(byId.keySet())) {
            NodeRecord node = byId.get(id);
            if (node == null || !tally.doomed(node)) {
                continue;
            }
            if (byId.remove(id, node)) {
                byHandle.remove(node.handle(), node);
                tally.removed(node);
            } else {
                tally.spared();
            }
        }
        return tally.counts();
    }

    @Override
    public long size() {
        return byId.size();
    }

    @Override
    public void close() {
        byId.clear();
        byHandle.clear();
    }
}
