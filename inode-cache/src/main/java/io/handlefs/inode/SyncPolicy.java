package io.handlefs.inode;

/**
 * What a commit of the durable node table waits for. Only {@link #DURABLE} keeps invariant 7 (a
 * reply's node is on disk before the reply); the others trade it for speed where the caller accepts
 * that a crash may forget the latest nodes — whose IDs then come back with a new generation, so
 * clients holding them get ESTALE, never another file.
 */
public enum SyncPolicy {
    /** fsync on every commit. */
    DURABLE,
    /** Data synced on commit, the meta page lazily: a crash may lose the last commit, never corrupt. */
    LAZY_META,
    /**
     * Commits reach the kernel at once (a killed daemon loses nothing) and the disk within a
     * second: a power loss may forget the last second of nodes, never corrupt. The daemon's
     * default: an fsync per new node would make every create wait for the disk.
     */
    PERIODIC,
    /** The kernel writes back when it likes: a crash may lose recent commits, never corrupt. */
    OS
}
