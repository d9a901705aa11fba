package io.handlefs.inode;

import io.handlefs.codec.FileHandle;
import io.handlefs.codec.Generation;
import io.handlefs.codec.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The durable table under the daemon's default policy, where new nodes go through the journal. */
class JournaledNodeTableTest extends NodeTableContract {
    static final LmdbOptions PERIODIC = LmdbNodeTableTest.OPTIONS.withSync(SyncPolicy.PERIODIC);

    @TempDir
    Path dir;

    @Override
    NodeTable newTable() {
        return LmdbNodeTable.open(dir, PERIODIC);
    }

    /**
     * Removals are written in batches here: a handle named again before its node's removal is
     * written is the same file (a link raced the unlink), which keeps its node; once the removal
     * is written, the handle gets a new ID.
     */
    @Override
    @Test
    void removedNodeIdIsNeverGivenAgain() {
        try (var table = newTable()) {
            NodeRecord a = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
            table.remove(a.id());
            assertTrue(table.get(a.id()).isEmpty());
            assertTrue(table.find(handle(12, 1)).isEmpty());
            assertEquals(a, table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT), "revived before the batch");
            table.remove(a.id());
            assertEquals(0, table.size(), "size() writes the pending batch");
            NodeRecord again = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
            assertTrue(again.id().value() > a.id().value());
            table.remove(a.id());
            table.remove(new NodeId(999));
            assertEquals(again, table.find(handle(12, 1)).orElseThrow());
        }
    }

    /**
     * A fresh file's handle is not looked for among the stored rows: only a reuse of a deleted
     * file's inode and generation could put it there, and then the new node takes the handle.
     * A handle still in the journal is found all the same.
     */
    @Test
    void aFreshHandleTakesANewNodeUnlessTheJournalHoldsIt() {
        try (var table = LmdbNodeTable.open(dir, PERIODIC)) {
            table.setRoot(handle(2, 0));
            NodeRecord journaled = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
            assertEquals(journaled, table.getOrCreateFresh(handle(12, 1), S_IFREG, NodeId.ROOT));
            table.size(); // writes the batch: the node is in LMDB only now
            NodeRecord reused = table.getOrCreateFresh(handle(12, 1), S_IFREG, NodeId.ROOT);
            assertTrue(reused.id().value() > journaled.id().value());
            assertEquals(reused, table.find(handle(12, 1)).orElseThrow());
        }
    }

    @Test
    void nodesAJournalHoldsAtOpenAreWrittenToTheTableAndTheirIdsNeverGiven() {
        try (var table = LmdbNodeTable.open(dir, PERIODIC)) {
            table.setRoot(handle(2, 0));
        }
        // What a killed daemon leaves: records in the journal that never reached LMDB.
        Generation earlier = new Generation(5);
        NodeRecord a = new NodeRecord(new NodeId(40), earlier, handle(12, 1), S_IFREG, NodeId.ROOT);
        NodeRecord b = new NodeRecord(new NodeId(41), earlier, handle(13, 1), S_IFREG, NodeId.ROOT);
        NodeRecord aMoved = a.withParentHint(b.id());
        // A batch was writing journal-b (epoch 8) when the process died; newer records went to
        // journal-a (epoch 9): replay takes the older journal first.
        NodeJournal older = NodeJournal.open(dir.resolve("journal-b"), 1 << 16);
        older.clear(8);
        older.append(a);
        older.append(b);
        NodeJournal newer = NodeJournal.open(dir.resolve("journal-a"), 1 << 16);
        newer.clear(9);
        newer.append(aMoved);

        try (var table = LmdbNodeTable.open(dir, PERIODIC)) {
            assertEquals(aMoved, table.get(a.id()).orElseThrow(), "the latest record of a node wins");
            assertEquals(b, table.find(handle(13, 1)).orElseThrow());
            NodeRecord next = table.getOrCreate(handle(14, 1), S_IFREG, NodeId.ROOT);
            assertTrue(next.id().value() > b.id().value(), "IDs the journal names are taken: " + next.id());
        }
        assertEquals(List.of(), NodeJournal.open(dir.resolve("journal-a"), 1 << 16).replay(),
                "the journals are empty once their nodes are in the table");
        assertEquals(List.of(), NodeJournal.open(dir.resolve("journal-b"), 1 << 16).replay());
        try (var raw = LmdbNodeTable.open(dir, LmdbNodeTableTest.OPTIONS)) {
            assertEquals(aMoved, raw.get(a.id()).orElseThrow(), "in LMDB itself");
        }
    }

    @Test
    void manyBatchesOfNewMovedAndRemovedNodesAllReachTheTable() {
        List<NodeRecord> kept = new ArrayList<>();
        List<NodeRecord> removed = new ArrayList<>();
        int count = 3 * LmdbNodeTable.APPLY_BATCH + 17;
        try (var table = LmdbNodeTable.open(dir, PERIODIC)) {
            table.setRoot(handle(2, 0));
            for (int ino = 100; ino < 100 + count; ino++) {
                NodeRecord node = table.getOrCreateFresh(handle(ino, 1), S_IFREG, NodeId.ROOT);
                if (ino % 5 == 0) {
                    table.remove(node.id());
                    removed.add(node);
                } else if (ino % 5 == 1) {
                    kept.add(table.getOrCreate(handle(ino, 1), S_IFREG, new NodeId(ino)));
                } else {
                    kept.add(node);
                }
            }
            for (NodeRecord node : kept) {
                assertEquals(node, table.get(node.id()).orElseThrow());
            }
        }
        try (var raw = LmdbNodeTable.open(dir, LmdbNodeTableTest.OPTIONS)) {
            for (NodeRecord node : kept) {
                assertEquals(node, raw.get(node.id()).orElseThrow());
                assertEquals(node, raw.find(node.handle()).orElseThrow());
            }
            for (NodeRecord node : removed) {
                assertTrue(raw.get(node.id()).isEmpty(), node.toString());
            }
            assertEquals(kept.size() + 1, raw.size());
        }
    }

    /**
     * Lookups, moves, removals and revivals race the background batches; whatever the table
     * answered at the end is what LMDB holds once it is closed.
     */
    @Test
    void racingChangesAndBatchesLeaveTheStoreAsTheTableAnswered() throws Exception {
        int handles = 64;
        Set<NodeId> seen = ConcurrentHashMap.newKeySet();
        Map<Integer, Optional<NodeRecord>> byHandle = new HashMap<>();
        Map<NodeId, Optional<NodeRecord>> byId = new HashMap<>();
        try (var table = LmdbNodeTable.open(dir, PERIODIC)) {
            table.setRoot(handle(2, 0));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    workers.add(pool.submit(() -> {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        for (int i = 0; i < 6_000; i++) {
                            FileHandle h = handle(100 + random.nextInt(handles), 1);
                            switch (random.nextInt(4)) {
                                case 0, 1 -> seen.add(table.getOrCreate(h, S_IFREG, new NodeId(1 + random.nextInt(5))).id());
                                case 2 -> table.find(h).ifPresent(node -> table.remove(node.id()));
                                default -> seen.forEach(table::get);
                            }
                        }
                    }));
                }
                for (Future<?> w : workers) {
                    w.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            for (int ino = 100; ino < 100 + handles; ino++) {
                byHandle.put(ino, table.find(handle(ino, 1)));
            }
            for (NodeId id : seen) {
                byId.put(id, table.get(id));
            }
        }
        try (var raw = LmdbNodeTable.open(dir, LmdbNodeTableTest.OPTIONS)) {
            byHandle.forEach((ino, node) -> assertEquals(node, raw.find(handle(ino, 1)), "handle " + ino));
            byId.forEach((id, node) -> assertEquals(node, raw.get(id), id.toString()));
        }
    }
}
