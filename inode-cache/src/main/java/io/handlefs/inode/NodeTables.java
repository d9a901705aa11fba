package io.handlefs.inode;

import java.nio.file.Path;
import java.util.Optional;

/** Chooses the node table the daemon serves from. */
public final class NodeTables {
    private NodeTables() {
    }

    /**
     * With a state directory: the durable table in its {@code nodes} subdirectory (other stores may
     * share the state directory) under a hot cache of {@code hotNodes} nodes, so node IDs survive
     * restarts. Without: the in-memory table, whose node IDs die with the process.
     */
    public static NodeTable open(Optional<Path> stateDir, LmdbOptions options, long hotNodes) {
        return stateDir.<NodeTable>map(dir -> new CachingNodeTable(LmdbNodeTable.open(dir.resolve("nodes"), options),
                hotNodes)).orElseGet(MemoryNodeTable::new);
    }
}
