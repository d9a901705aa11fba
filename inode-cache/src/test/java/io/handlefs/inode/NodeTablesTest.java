package io.handlefs.inode;

import io.handlefs.codec.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static io.handlefs.inode.NodeTableContract.S_IFREG;
import static io.handlefs.inode.NodeTableContract.handle;
import static org.junit.jupiter.api.Assertions.*;

class NodeTablesTest {
    @TempDir
    Path state;

    @Test
    void withoutAStateDirectoryTheTableLivesInMemory() {
        try (var table = NodeTables.open(Optional.empty(), LmdbOptions.DEFAULTS, 16)) {
            assertInstanceOf(MemoryNodeTable.class, table);
        }
    }

    @Test
    void withAStateDirectoryNodesSurviveTheProcess() {
        NodeRecord a;
        try (var table = NodeTables.open(Optional.of(state), LmdbOptions.DEFAULTS, 16)) {
            assertInstanceOf(CachingNodeTable.class, table);
            a = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
        }
        assertTrue(Files.isRegularFile(state.resolve("nodes").resolve("data.mdb")));
        try (var table = NodeTables.open(Optional.of(state), LmdbOptions.DEFAULTS, 16)) {
            assertEquals(a, table.find(handle(12, 1)).orElseThrow());
        }
    }
}
