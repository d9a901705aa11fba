package io.handlefs.inode;

import io.handlefs.codec.FileHandle;
import io.handlefs.codec.NodeId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** What every node table promises; each implementation runs it through a subclass. */
abstract class NodeTableContract {
    static final int S_IFREG = 0100000;

    /** A new, empty table; the test closes it. */
    abstract NodeTable newTable();

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
        try (var table = newTable()) {
            table.setRoot(handle(2, 0));
            NodeRecord a = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
            NodeRecord b = table.getOrCreate(handle(13, 1), S_IFREG, NodeId.ROOT);
            assertEquals(a, table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT));
            assertTrue(b.id().value() > a.id().value());
            assertTrue(a.id().value() > NodeId.ROOT.value());
            assertEquals(a, table.get(a.id()).orElseThrow());
            assertEquals(a, table.find(handle(12, 1)).orElseThrow());
            assertEquals(S_IFREG, a.fileType());
            assertEquals(3, table.size());
        }
    }

    @Test
    void reusedInodeNumberWithNewGenerationGetsNewNode() {
        try (var table = newTable()) {
            NodeRecord old = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
            NodeRecord reused = table.getOrCreate(handle(12, 2), S_IFREG, NodeId.ROOT);
            assertNotEquals(old.id(), reused.id());
            assertEquals(old.handle(), table.get(old.id()).orElseThrow().handle());
            assertEquals(reused.id(), table.find(handle(12, 2)).orElseThrow().id());
        }
    }

    @Test
    void exportAndFilesystemArePartOfTheKey() {
        try (var table = newTable()) {
            byte[] bytes = handle(12, 1).handleBytes();
            NodeRecord a = table.getOrCreate(new FileHandle(1, 7, 1, bytes), S_IFREG, NodeId.ROOT);
            NodeRecord otherExport = table.getOrCreate(new FileHandle(2, 7, 1, bytes), S_IFREG, NodeId.ROOT);
            NodeRecord otherFs = table.getOrCreate(new FileHandle(1, 8, 1, bytes), S_IFREG, NodeId.ROOT);
            NodeRecord otherType = table.getOrCreate(new FileHandle(1, 7, 2, bytes), S_IFREG, NodeId.ROOT);
            assertEquals(4, Set.of(a.id(), otherExport.id(), otherFs.id(), otherType.id()).size());
        }
    }

    @Test
    void removedNodeIdIsNeverGivenAgain() {
        try (var table = newTable()) {
            NodeRecord a = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
            table.remove(a.id());
            assertTrue(table.get(a.id()).isEmpty());
            assertTrue(table.find(handle(12, 1)).isEmpty());
            NodeRecord again = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
            assertTrue(again.id().value() > a.id().value());
            table.remove(a.id());
            table.remove(new NodeId(999));
            assertEquals(again, table.find(handle(12, 1)).orElseThrow());
        }
    }

    @Test
    void rootIsNeverRemoved() {
        try (var table = newTable()) {
            table.setRoot(handle(2, 0));
            table.remove(NodeId.ROOT);
            assertEquals(NodeId.ROOT, table.find(handle(2, 0)).orElseThrow().id());
            assertTrue(table.get(NodeId.ROOT).orElseThrow().isDirectory());
        }
    }

    @Test
    void settingTheSameRootAgainKeepsItAndANewRootReplacesIt() {
        try (var table = newTable()) {
            NodeRecord root = table.setRoot(handle(2, 0));
            assertEquals(root, table.setRoot(handle(2, 0)));
            NodeRecord moved = table.setRoot(handle(3, 0));
            assertEquals(NodeId.ROOT, moved.id());
            assertTrue(table.find(handle(2, 0)).isEmpty());
            assertEquals(moved, table.find(handle(3, 0)).orElseThrow());
            assertEquals(moved, table.get(NodeId.ROOT).orElseThrow());
        }
    }

    @Test
    void parentHintFollowsTheLatestLookup() {
        try (var table = newTable()) {
            NodeRecord a = table.getOrCreate(handle(12, 1), S_IFREG, new NodeId(5));
            NodeRecord b = table.getOrCreate(handle(12, 1), S_IFREG, new NodeId(9));
            assertEquals(a.id(), b.id());
            assertEquals(a.generation(), b.generation());
            assertEquals(new NodeId(9), b.parentHint());
            assertEquals(b, table.get(a.id()).orElseThrow());
            assertEquals(b, table.find(handle(12, 1)).orElseThrow());
        }
    }

    @Test
    void concurrentCreatorsAgreeOnOneNodePerHandle() throws Exception {
        try (var table = newTable()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<NodeRecord>> futures = new ArrayList<>();
                for (int i = 0; i < 400; i++) {
                    int ino = i % 50;
                    futures.add(pool.submit(() -> table.getOrCreate(handle(ino, 1), S_IFREG, NodeId.ROOT)));
                }
                Set<NodeId> ids = new HashSet<>();
                for (int i = 0; i < futures.size(); i++) {
                    NodeRecord node = futures.get(i).get(10, TimeUnit.SECONDS);
                    assertEquals(handle(i % 50, 1), node.handle());
                    ids.add(node.id());
                }
                assertEquals(50, ids.size());
                assertEquals(50, table.size());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void sweepOffersEveryNodeButTheRootInIdOrderAndRemovesTheRejected() {
        try (var table = newTable()) {
            table.setRoot(handle(2, 0));
            List<NodeRecord> nodes = new ArrayList<>();
            for (int ino = 10; ino < 20; ino++) {
                nodes.add(table.getOrCreate(handle(ino, 1), S_IFREG, NodeId.ROOT));
            }
            List<NodeId> offered = new ArrayList<>();
            List<NodeId> removed = new ArrayList<>();
            SweepCounts counts = table.sweep(new NodeSweep() {
                @Override
                public boolean keep(NodeRecord node) {
                    offered.add(node.id());
                    return node.id().value() % 2 == 0;
                }

                @Override
                public void removed(NodeRecord node) {
                    removed.add(node.id());
                }
            });
            assertEquals(nodes.stream().map(NodeRecord::id).toList(), offered);
            assertEquals(new SweepCounts(6, 5, 0), counts);
            assertEquals(5, removed.size());
            for (NodeRecord node : nodes) {
                boolean kept = node.id().value() % 2 == 0;
                assertEquals(kept, table.get(node.id()).isPresent(), node.toString());
                assertEquals(kept, table.find(node.handle()).isPresent(), node.toString());
                assertEquals(kept, !removed.contains(node.id()));
            }
            assertEquals(6, table.size());
        }
    }

    @Test
    void sweepSparesANodeThatChangedAfterItWasJudged() {
        try (var table = newTable()) {
            NodeRecord a = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
            SweepCounts counts = table.sweep(node -> {
                table.getOrCreate(node.handle(), S_IFREG, new NodeId(77));
                return false;
            });
            assertEquals(new SweepCounts(1, 0, 0), counts);
            assertEquals(new NodeId(77), table.get(a.id()).orElseThrow().parentHint());
        }
    }
}
