package io.handlefs.inode;

import io.handlefs.codec.FileHandle;
import io.handlefs.codec.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.*;

class LmdbNodeTableTest extends NodeTableContract {
    /** Small sweep batches, so that the contract's sweeps cross several read transactions. */
    static final LmdbOptions OPTIONS = LmdbOptions.DEFAULTS.withSweepBatch(3);

    @TempDir
    Path dir;

    @Override
    NodeTable newTable() {
        return open();
    }

    LmdbNodeTable open() {
        return LmdbNodeTable.open(dir, OPTIONS);
    }

    @Test
    void nodesOutliveCloseAndTheAllocatorNeverGoesBack() {
        NodeRecord root;
        NodeRecord kept;
        NodeRecord removed;
        NodeRecord top;
        try (var table = open()) {
            root = table.setRoot(handle(2, 0));
            kept = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
            removed = table.getOrCreate(handle(13, 1), S_IFREG, kept.id());
            top = table.getOrCreate(handle(14, 1), S_IFREG, NodeId.ROOT);
            table.remove(removed.id());
            table.remove(top.id());
        }
        try (var table = open()) {
            assertEquals(root, table.setRoot(handle(2, 0)));
            assertEquals(kept, table.get(kept.id()).orElseThrow());
            assertEquals(kept, table.find(handle(12, 1)).orElseThrow());
            assertTrue(table.get(removed.id()).isEmpty());
            assertTrue(table.find(handle(13, 1)).isEmpty());
            assertTrue(table.get(top.id()).isEmpty());
            assertEquals(2, table.size());
            NodeRecord later = table.getOrCreate(handle(14, 1), S_IFREG, NodeId.ROOT);
            assertEquals(top.id().value() + 1, later.id().value());
            assertTrue(later.generation().value() > kept.generation().value(),
                    "a new open draws a new generation for new nodes");
        }
    }

    @Test
    void aCleanCloseIsDurableUnderALazySyncPolicy() {
        NodeRecord a;
        try (var table = LmdbNodeTable.open(dir, OPTIONS.withSync(SyncPolicy.OS))) {
            a = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
        }
        try (var table = LmdbNodeTable.open(dir, OPTIONS.withSync(SyncPolicy.LAZY_META))) {
            assertEquals(a, table.get(a.id()).orElseThrow());
        }
    }

    @Test
    void aTruncatedRecordIsATypedErrorForItsNodeOnly() {
        NodeRecord bad;
        NodeRecord good;
        try (var table = open()) {
            bad = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
            good = table.getOrCreate(handle(13, 1), S_IFREG, NodeId.ROOT);
        }
        damage("ids", NodeCodec.idKey(bad.id()), value -> Arrays.copyOf(value, 30));
        try (var table = open()) {
            assertReason(NodeStoreException.Reason.TRUNCATED, () -> table.get(bad.id()));
            assertReason(NodeStoreException.Reason.TRUNCATED, () -> table.find(handle(12, 1)));
            assertReason(NodeStoreException.Reason.TRUNCATED, () -> table.remove(bad.id()));
            assertEquals(good, table.get(good.id()).orElseThrow());
            assertEquals(new SweepCounts(1, 0, 1), table.sweep(node -> true));
        }
    }

    @Test
    void aRecordWithAnOversizedHandleIsBadFormat() {
        NodeRecord a;
        try (var table = open()) {
            a = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
        }
        damage("ids", NodeCodec.idKey(a.id()), value -> Arrays.copyOf(value, 36 + 129));
        try (var table = open()) {
            assertReason(NodeStoreException.Reason.BAD_FORMAT, () -> table.get(a.id()));
        }
    }

    @Test
    void deferredRemovalsAreGoneForReadersAtOnceAndFromTheStoreByClose() {
        NodeRecord gone;
        NodeRecord revived;
        try (var table = LmdbNodeTable.open(dir, OPTIONS.withSync(SyncPolicy.PERIODIC))) {
            table.setRoot(handle(2, 0));
            gone = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
            revived = table.getOrCreate(handle(13, 1), S_IFREG, NodeId.ROOT);
            table.remove(gone.id());
            table.remove(revived.id());
            assertTrue(table.get(gone.id()).isEmpty());
            assertTrue(table.find(handle(12, 1)).isEmpty());
            // Named again before the batch reached the store (a link raced the unlink): same node.
            assertEquals(revived.id(), table.getOrCreate(handle(13, 1), S_IFREG, NodeId.ROOT).id());
        }
        try (var raw = LmdbNodeTable.open(dir, OPTIONS)) {
            assertTrue(raw.get(gone.id()).isEmpty(), "the close wrote the pending removal");
            assertTrue(raw.find(handle(12, 1)).isEmpty());
            assertEquals(revived, raw.get(revived.id()).orElseThrow());
            assertEquals(2, raw.size());
        }
    }

    @Test
    void aStoreOfAnotherFormatVersionIsRefusedAtOpen() {
        open().close();
        damage("meta", ascii("format"), value -> NodeCodec.u32(99));
        NodeStoreException e = assertReason(NodeStoreException.Reason.BAD_VERSION, this::open);
        assertTrue(e.getMessage().contains("99"), e.getMessage());
    }

    @Test
    void damagedMetaRowsAreRefusedAtOpen() {
        try (var table = open()) {
            table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
        }
        damage("meta", ascii("next-id"), value -> Arrays.copyOf(value, 5));
        assertReason(NodeStoreException.Reason.TRUNCATED, this::open);
        try (var raw = new RawStore(dir)) {
            raw.delete("meta", ascii("format"));
        }
        assertReason(NodeStoreException.Reason.BAD_FORMAT, this::open);
    }

    @Test
    void aFileThatIsNotAnLmdbStoreIsAStoreError() throws IOException {
        Files.writeString(dir.resolve("data.mdb"), "not a database ".repeat(1000));
        assertReason(NodeStoreException.Reason.STORE, this::open);
    }

    @Test
    void aHandleRowNamingAMissingNodeIsTreatedAsAbsent() {
        NodeRecord a;
        try (var table = open()) {
            a = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
        }
        damage("handles", NodeCodec.handleKey(handle(12, 1)), value -> NodeCodec.idKey(new NodeId(4242)));
        try (var table = open()) {
            assertTrue(table.find(handle(12, 1)).isEmpty());
            NodeRecord fresh = table.getOrCreate(handle(12, 1), S_IFREG, NodeId.ROOT);
            assertTrue(fresh.id().value() > a.id().value());
            assertEquals(fresh, table.find(handle(12, 1)).orElseThrow());
        }
    }

    @Test
    void aFullMapIsATypedErrorAndLosesNothingCommitted() {
        try (var table = LmdbNodeTable.open(dir, OPTIONS.withMapSize(1 << 20))) {
            NodeRecord a = table.getOrCreate(handle(1, 1), S_IFREG, NodeId.ROOT);
            List<FileHandle> many = new ArrayList<>();
            for (int ino = 100; ino < 100_000; ino++) {
                many.add(handle(ino, 1));
            }
            assertReason(NodeStoreException.Reason.FULL, () -> table.getOrCreateAll(many, S_IFREG, NodeId.ROOT));
            assertEquals(1, table.size());
            assertEquals(a, table.get(a.id()).orElseThrow());
            assertTrue(table.getOrCreate(handle(2, 1), S_IFREG, NodeId.ROOT).id().value() > a.id().value());
        }
    }

    /** Rewrites one stored value of a closed table. */
    private void damage(String db, byte[] key, UnaryOperator<byte[]> change) {
        try (var raw = new RawStore(dir)) {
            byte[] value = raw.get(db, key);
            raw.put(db, key, change.apply(Optional.ofNullable(value).orElse(new byte[0])));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static NodeStoreException assertReason(NodeStoreException.Reason reason, Executable body) {
        NodeStoreException e = assertThrows(NodeStoreException.class, body);
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }
}
