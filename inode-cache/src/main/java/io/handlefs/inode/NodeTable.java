package io.handlefs.inode;

import io.handlefs.codec.FileHandle;
import io.handlefs.codec.NodeId;

import java.util.Optional;

/**
 * The node table: node ID ⇄ file handle. Keyed by the full lower handle (which embeds inode number
 * and generation), so a reused inode number is a different key and gets a new node ID; node IDs
 * are allocated monotonically and never reused. The in-memory and the durable implementations
 * share this interface, and the hot cache is a decorator over it.
 *
 * <p>Kernel lookup counts are not part of the table: they are process state ({@link LookupCounts}).
 */
public interface NodeTable extends AutoCloseable {

    /**
     * Records the export root as {@link NodeId#ROOT}; the root is never removed. Called once, before
     * serving. A root whose handle changed (the exported directory was replaced) keeps its ID and
     * takes the new handle.
     */
    NodeRecord setRoot(FileHandle rootHandle);

    /**
     * The node for this handle, created with a fresh node ID if the handle is new. A known node gets
     * its parent hint updated when it differs.
     */
    NodeRecord getOrCreate(FileHandle handle, int fileType, NodeId parentHint);

    /**
     * As {@link #getOrCreate}, for a file this process has just created (O_EXCL, O_TMPFILE, mkdir,
     * mknod, symlink): its handle is new unless the lower filesystem reused a deleted file's inode
     * and generation, so a durable table need not look for it among the stored rows.
     */
    default NodeRecord getOrCreateFresh(FileHandle handle, int fileType, NodeId parentHint) {
        return getOrCreate(handle, fileType, parentHint);
    }

    Optional<NodeRecord> get(NodeId id);

    Optional<NodeRecord> find(FileHandle handle);

    /** Forgets a node whose file is gone (or that no client can name any more). The root stays. */
    void remove(NodeId id);

    /**
     * No client references the node any more (the kernel forgot it). A table that lives only in
     * memory drops it, since nobody could name it again; a durable table keeps it for as long as
     * its file exists, so that a handle held outside (NFS, a restarted kernel mount) still resolves.
     */
    void release(NodeId id);

    /**
     * Offers every node but the root, in node-ID order, to the sweep and removes those it rejects:
     * the primitive under the daemon's pruning of stale handles and {@code handlefs fsck}. The
     * table stays in service meanwhile; a node created during the sweep may or may not be offered.
     */
    SweepCounts sweep(NodeSweep sweep);

    /** How many nodes the table holds (for logs and tests). */
    long size();

    @Override
    void close();
}
