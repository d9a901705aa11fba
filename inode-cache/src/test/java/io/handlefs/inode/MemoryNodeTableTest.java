package io.handlefs.inode;

import io.handlefs.codec.FileHandle;
import io.handlefs.codec.Generation;
import io.handlefs.codec.NodeId;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class MemoryNodeTableTest {
    private static final int S_IFREG = 0100000;

    /** An ext4-style handle: inode number then generation, little-endian. */
    static FileHandle handle(int ino, int gen) {
        byte[] b = new byte[8];
        for (int i = 0; i < 4; i++) {
            b[i] = (byte) (ino >>> (8 * i));
            b[4 + i] = (byte) (gen >>> (8 * i));
        }
        return new FileHandle(1, 0xabcdL, 1, b);
    }

    @Test
    void sameHandleSameNodeAndIdsAreMonotonic() {
        try (var table = new MemoryNodeTable(new Generation(7))) {
            table.setRoot(handle(2, 0));
            NodeRecord a = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
            NodeRecord b = table.getOrCreate(handle(13, 1), S_IFREG, NodeId.ROOT);
            assertEquals(a.id(), table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT).id());
            assertTrue(b.id().value() > a.id().value());
            assertEquals(new Generation(7), a.generation());
            assertEquals(a, table.get(a.id()).orElseThrow());
            assertEquals(a.id(), table.find(handle(12, 1)).orElseThrow().id());
        }
    }

    @Test
    void reusedInodeNumberWithNewGenerationGetsNewNode() {
        try (var table = new MemoryNodeTable()) {
            NodeRecord old = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
            NodeRecord reused = table.getOrCreate(handle(12, 2), S_IFREG, NodeId.ROOT);
            assertNotEquals(old.id(), reused.id());
            assertEquals(old.handle(), table.get(old.id()).orElseThrow().handle());
        }
    }

    @Test
    void removedNodeIdIsNeverGivenAgain() {
        try (var table = new MemoryNodeTable()) {
            NodeRecord a = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
            table.remove(a.id());
            assertTrue(table.get(a.id()).isEmpty());
            assertTrue(table.find(handle(12, 1)).isEmpty());
            NodeRecord again = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
            assertTrue(again.id().value() > a.id().value());
        }
    }

    @Test
    void rootIsNeverRemoved() {
        try (var table = new MemoryNodeTable()) {
            table.setRoot(handle(2, 0));
            table.remove(NodeId.ROOT);
            assertEquals(NodeId.ROOT, table.find(handle(2, 0)).orElseThrow().id());
            assertTrue(table.get(NodeId.ROOT).orElseThrow().isDirectory());
        }
    }

    @Test
    void parentHintFollowsTheLatestLookup() {
        try (var table = new MemoryNodeTable()) {
            NodeRecord a = table.getOrCreate(handle(12, 1), S_IFREG, new NodeId(5));
            table.getOrCreate(handle(12, 1), S_IFREG, new NodeId(9));
            assertEquals(new NodeId(9), table.get(a.id()).orElseThrow().parentHint());
        }
    }

    @Test
    void concurrentCreatorsAgreeOnOneNodePerHandle() throws Exception {
        try (var table = new MemoryNodeTable()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                Set<Future<NodeRecord>> futures = new HashSet<>();
                for (int i = 0; i < 400; i++) {
                    int ino = i % 50;
                    futures.add(pool.submit(() -> table.getOrCreate(handle(ino, 1), S_IFREG, NodeId.ROOT)));
                }
                Set<NodeId> ids = new HashSet<>();
                for (Future<NodeRecord> f : futures) {
                    ids.add(f.get(10, TimeUnit.SECONDS).id());
                }
                assertEquals(50, ids.size());
                assertEquals(50, table.size());
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
