package io.handlefs.codec;

/** A FUSE node ID: allocated monotonically by the node table and never given to another file. */
public record NodeId(long value) {
    /** FUSE_ROOT_ID: the kernel's name for the mount's root. */
    public static final NodeId ROOT = new NodeId(1);

    public boolean isRoot() {
        return value == ROOT.value;
    }

    @Override
    public String toString() {
        return "node#" + value;
    }
}
