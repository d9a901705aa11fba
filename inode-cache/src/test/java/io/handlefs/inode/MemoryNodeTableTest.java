package io.handlefs.inode;

import io.handlefs.codec.Generation;
import io.handlefs.codec.NodeId;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MemoryNodeTableTest extends NodeTableContract {
    @Override
    NodeTable newTable() {
        return new MemoryNodeTable();
    }

    @Test
    void everyNodeCarriesTheTablesGeneration() {
        try (var table = new MemoryNodeTable(new Generation(7))) {
            assertEquals(new Generation(7), table.setRoot(handle(2, 0)).generation());
            assertEquals(new Generation(7), table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT).generation());
        }
    }
}
