package io.handlefs.inode;

/**
 * The durable node table could not answer: its stored bytes are not what this build writes, or
 * LMDB itself failed. Callers answer the request that hit it with EIO and log it as a server fault;
 * the process goes on serving every node whose rows are sound.
 */
public final class NodeStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the store refused, from the most specific (one bad row) to the most general. */
    public enum Reason {
        /** A stored value is shorter than its layout. */
        TRUNCATED,
        /** The store was written in a format version this build does not speak. */
        BAD_VERSION,
        /** A stored value has the wrong length or a field out of range, or meta rows are missing. */
        BAD_FORMAT,
        /** The LMDB map is full: the store needs a larger map size. */
        FULL,
        /** LMDB failed (I/O, locking, a file that is not an LMDB environment). */
        STORE
    }

    private final Reason reason;

    public NodeStoreException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    public NodeStoreException(Reason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
