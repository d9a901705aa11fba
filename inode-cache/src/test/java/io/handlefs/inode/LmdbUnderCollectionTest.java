package io.handlefs.inode;

import io.handlefs.codec.FileHandle;
import io.handlefs.codec.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.handlefs.inode.NodeTableContract.S_IFREG;
import static io.handlefs.inode.NodeTableContract.handle;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Rows written while the garbage collector runs read back intact. lmdbjava before 0.9.2 let the
 * native copy of a byte[] key or value be freed by the collector before mdb_put read it (lmdbjava
 * issue 252): the process aborted in LMDB, or a row silently held another row's bytes. With 0.9.0
 * this test aborted its JVM in each of two runs.
 */
class LmdbUnderCollectionTest {
    private static final int NODES = 50_000;
    private static final int PER_TXN = 5_000;

    @TempDir
    Path dir;

    @Test
    void rowsWrittenDuringCollectionsReadBackIntact() throws InterruptedException {
        AtomicBoolean writing = new AtomicBoolean(true);
        // A full collection every few milliseconds: young ones did not free jnr-ffi's memory soon
        // enough to show the fault.
        Thread collector = new Thread(() -> {
            while (writing.get()) {
                System.gc();
            }
        }, "collector");
        collector.setDaemon(true);
        collector.start();
        try (var table = LmdbNodeTable.open(dir, LmdbOptions.DEFAULTS)) {
            table.setRoot(handle(2, 0));
            for (int done = 0; done < NODES; done += PER_TXN) {
                List<FileHandle> batch = new ArrayList<>(PER_TXN);
                for (int i = done; i < done + PER_TXN; i++) {
                    batch.add(handle(1000 + i, i));
                }
                table.getOrCreateAll(batch, S_IFREG, NodeId.ROOT);
            }
        } finally {
            writing.set(false);
            collector.join(10_000);
        }
        try (var table = LmdbNodeTable.open(dir, LmdbOptions.DEFAULTS)) {
            assertEquals(NODES + 1, table.size());
            for (int i = 0; i < NODES; i++) {
                // IDs were given in insert order from 2.
                NodeRecord node = table.get(new NodeId(2 + i)).orElseThrow();
                assertEquals(handle(1000 + i, i), node.handle(), "node " + (2 + i));
                assertEquals(node.id(), table.find(node.handle()).orElseThrow().id());
            }
        }
    }
}
