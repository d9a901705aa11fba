package io.handlefs.inode;

/** Runs one sweep's judgements and counts them, the same way for every table. */
final class SweepTally {
    private final NodeSweep sweep;
    private long kept;
    private long removed;
    private long unreadable;

    SweepTally(NodeSweep sweep) {
        this.sweep = sweep;
    }

    /** Whether the node should go: never the root, which is not even offered. */
    boolean doomed(NodeRecord node) {
        if (node.id().isRoot() || sweep.keep(node)) {
            kept++;
            return false;
        }
        return true;
    }

    /** A doomed node has left the table. */
    void removed(NodeRecord node) {
        removed++;
        sweep.removed(node);
    }

    /** A doomed node changed before it could be removed, so it stays. */
    void spared() {
        kept++;
    }

    void unreadable() {
        unreadable++;
    }

    SweepCounts counts() {
        return new SweepCounts(kept, removed, unreadable);
    }
}
