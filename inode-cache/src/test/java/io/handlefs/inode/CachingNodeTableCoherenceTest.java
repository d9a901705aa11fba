package io.handlefs.inode;

import io.handlefs.codec.FileHandle;
import io.handlefs.codec.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static io.handlefs.inode.NodeTableContract.S_IFREG;
import static io.handlefs.inode.NodeTableContract.handle;
import static org.junit.jupiter.api.Assertions.*;

/** Races lookups, parent moves, removals and sweeps through the cache, then compares it with the store. */
class CachingNodeTableCoherenceTest {
    private static final int HANDLES = 12;
    private static final int THREADS = 4;
    private static final int OPS = 3_000;

    @TempDir
    Path dir;

    @Test
    void theCacheNeverDisagreesWithTheStoreAfterRacingChanges() throws Exception {
        // The daemon's policy, where removals are written in batches that race the lookups.
        try (var store = LmdbNodeTable.open(dir, LmdbOptions.DEFAULTS.withSync(SyncPolicy.PERIODIC))) {
            var cache = new CachingNodeTable(store, 1_000);
            Set<NodeId> seen = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    workers.add(pool.submit(() -> race(cache, seen)));
                }
                for (Future<?> w : workers) {
                    w.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            for (int ino = 0; ino < HANDLES; ino++) {
                assertEquals(store.find(handle(ino, 1)), cache.find(handle(ino, 1)));
            }
            for (NodeId id : seen) {
                assertEquals(store.get(id), cache.get(id), id.toString());
            }
        }
    }

    private static void race(CachingNodeTable cache, Set<NodeId> seen) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < OPS; i++) {
            FileHandle h = handle(random.nextInt(HANDLES), 1);
            switch (random.nextInt(5)) {
                case 0, 1 -> seen.add(cache.getOrCreate(h, S_IFREG, new NodeId(1 + random.nextInt(3))).id());
                case 2 -> cache.find(h).ifPresent(node -> cache.remove(node.id()));
                case 3 -> seen.forEach(cache::get);
                default -> {
                    if (random.nextInt(50) == 0) {
                        cache.sweep(node -> random.nextBoolean());
                    }
                }
            }
        }
    }
}
