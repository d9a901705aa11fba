package io.handlefs.codec;

import java.util.Objects;

/**
 * A node ID with its generation: what the kernel packs into the NFS handles it makes for a FUSE
 * mount, and so what a FUSE entry reply must return together.
 */
public record NodeRef(NodeId id, Generation generation) {
    public NodeRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(generation, "generation");
    }

    @Override
    public String toString() {
        return id + "/" + generation;
    }
}
