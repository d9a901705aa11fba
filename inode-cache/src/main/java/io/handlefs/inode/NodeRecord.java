package io.handlefs.inode;

import io.handlefs.codec.FileHandle;
import io.handlefs.codec.Generation;
import io.handlefs.codec.NodeId;

/**
 * One row of the node table: the node ID given to the kernel, the generation it was given with,
 * the file it names, its type (the S_IFMT bits, which never change for a file) and the directory it
 * was last seen in (a hint for LOOKUP "..", not a truth: hard links have several parents).
 */
public record NodeRecord(NodeId id, Generation generation, FileHandle handle, int fileType, NodeId parentHint) {
    /** The S_IFMT bits of a directory. */
    static final int S_IFDIR = 0040000;

    public boolean isDirectory() {
        return fileType == S_IFDIR;
    }

    public NodeRecord withParentHint(NodeId parent) {
        return parent.equals(parentHint) ? this : new NodeRecord(id, generation, handle, fileType, parent);
    }
}
