package io.handlefs.inode;

/**
 * What {@link NodeTable#sweep} asks about each stored node. Both methods run outside any store
 * transaction, so they may do I/O (open_by_handle_at to see whether the file still exists).
 */
public interface NodeSweep {

    /** Whether the node stays; false removes it (unless it changed since it was read). */
    boolean keep(NodeRecord node);

    /** Told after a node has left the table, e.g. to close its cached fd. */
    default void removed(NodeRecord node) {
    }
}
