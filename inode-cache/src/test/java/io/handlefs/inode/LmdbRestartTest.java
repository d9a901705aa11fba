package io.handlefs.inode;

import io.handlefs.codec.FileHandle;
import io.handlefs.codec.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.handlefs.inode.NodeTableContract.S_IFREG;
import static io.handlefs.inode.NodeTableContract.handle;
import static org.junit.jupiter.api.Assertions.*;

/** A restarted daemon serves at once, however big its table: nothing is read at open. */
class LmdbRestartTest {
    private static final int NODES = 1_000_000;
    private static final int PER_TXN = 100_000;
    private static final long FIRST_INO = 1000;

    @TempDir
    Path dir;

    @Test
    void aMillionNodeTableOpensAndAnswersWithinASecond() throws IOException {
        long started = System.nanoTime();
        try (var table = LmdbNodeTable.open(dir, LmdbOptions.DEFAULTS)) {
            table.setRoot(handle(2, 0));
            for (int done = 0; done < NODES; done += PER_TXN) {
                List<FileHandle> batch = new ArrayList<>(PER_TXN);
                for (int i = done; i < done + PER_TXN; i++) {
                    batch.add(handle((int) (FIRST_INO + i), 1));
                }
                table.getOrCreateAll(batch, S_IFREG, NodeId.ROOT);
            }
            assertEquals(NODES + 1, table.size());
        }
        double insertSeconds = (System.nanoTime() - started) / 1e9;

        long reopened = System.nanoTime();
        try (var table = LmdbNodeTable.open(dir, LmdbOptions.DEFAULTS)) {
            // Node IDs were given in insert order from 2, so node 2 + i holds inode FIRST_INO + i.
            NodeRecord middle = table.get(new NodeId(2 + NODES / 2)).orElseThrow();
            double openMillis = (System.nanoTime() - reopened) / 1e6;
            assertEquals(handle((int) (FIRST_INO + NODES / 2), 1), middle.handle());
            assertEquals(new NodeId(NODES + 1), table.find(handle((int) (FIRST_INO + NODES - 1), 1)).orElseThrow().id());
            assertEquals(NODES + 2, table.getOrCreate(handle(1, 1), S_IFREG, NodeId.ROOT).id().value());

            System.out.printf("node table: %,d nodes inserted in %.1f s (%,.0f nodes/s, %d per txn), %,d MiB on disk;"
                            + " reopen + first get %.1f ms%n", NODES, insertSeconds, NODES / insertSeconds, PER_TXN,
                    Files.size(dir.resolve("data.mdb")) >> 20, openMillis);
            assertTrue(openMillis < 1000, "reopen + first get took " + openMillis + " ms");
        }
    }
}
