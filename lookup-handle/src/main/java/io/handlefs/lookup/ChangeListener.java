package io.handlefs.lookup;

import io.handlefs.codec.NodeId;

/**
 * Told of changes made to the export by one protocol so that another can drop what it cached: the
 * SMB server calls it, the FUSE daemon listens and invalidates the kernel's caches. A protocol never
 * tells itself (the kernel already knows what its own requests changed). Calls return at once and
 * never fail: a listener queues what it must do, or does it at once where that cannot block.
 */
public interface ChangeListener {
    /** Nobody listens. */
    ChangeListener NONE = new ChangeListener() {
        @Override
        public void dataChanged(NodeId node) {
        }

        @Override
        public void attributesChanged(NodeId node) {
        }

        @Override
        public void nameChanged(NodeId parent, String name) {
        }

        @Override
        public void searchNarrowed(NodeId dir) {
        }
    };

    /** A file's data changed (write, truncate, allocation): its cached pages and attributes are stale. */
    void dataChanged(NodeId node);

    /** A file's attributes changed (mode, times, DOS attributes). */
    void attributesChanged(NodeId node);

    /**
     * A name in a directory (a raw byte string) now names something else or nothing: create,
     * delete, link, either side of a rename. The directory's own attributes are stale too.
     */
    void nameChanged(NodeId parent, String name);

    /**
     * A directory no longer lets every user search it (its mode or ACL changed), or a name the
     * kernel may have cached moved into one that does not. Unlike the other calls this one comes
     * from whichever protocol made the change, itself included, before the change is answered: a
     * kernel that resolves cached names without asking must look up again the names it cached
     * while anyone could reach them.
     */
    void searchNarrowed(NodeId dir);

    /** A rename: both names changed. */
    default void renamed(NodeId fromParent, String fromName, NodeId toParent, String toName) {
        nameChanged(fromParent, fromName);
        nameChanged(toParent, toName);
    }
}
