package io.handlefs.inode;

import io.handlefs.codec.Generation;
import io.handlefs.codec.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static io.handlefs.inode.NodeTableContract.S_IFREG;
import static io.handlefs.inode.NodeTableContract.handle;
import static org.junit.jupiter.api.Assertions.*;

class NodeJournalTest {
    private static final int CAPACITY = 4096;
    /** The first record's offset: after the u32 magic, u32 version and u64 epoch. */
    private static final int FIRST = 16;

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("journal");
    }

    private static NodeRecord node(long id, int ino, long parent) {
        return new NodeRecord(new NodeId(id), new Generation(7), handle(ino, 1), S_IFREG, new NodeId(parent));
    }

    @Test
    void recordsComeBackInOrderFromAnotherMapping() {
        NodeRecord a = node(10, 100, 1);
        NodeRecord b = node(11, 101, 1);
        NodeRecord aMoved = node(10, 100, 11);
        NodeJournal writer = NodeJournal.open(file(), CAPACITY);
        assertEquals(List.of(), writer.replay());
        assertTrue(writer.append(a));
        assertTrue(writer.append(b));
        assertTrue(writer.append(aMoved));
        assertEquals(3, writer.records());

        assertEquals(List.of(a, b, aMoved), NodeJournal.open(file(), CAPACITY).replay(),
                "a second mapping of the file (a restarted process) sees every record, in order");
    }

    @Test
    void theFileIsTheOwnersOnly() throws IOException {
        NodeJournal.open(file(), CAPACITY);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
    }

    @Test
    void aClearedJournalReplaysNothingAndTakesNewRecords() {
        NodeJournal journal = NodeJournal.open(file(), CAPACITY);
        journal.append(node(10, 100, 1));
        journal.append(node(11, 101, 1));
        journal.clear(3);
        assertEquals(0, journal.records());
        NodeRecord c = node(12, 102, 1);
        journal.append(c);
        NodeJournal again = NodeJournal.open(file(), CAPACITY);
        assertEquals(List.of(c), again.replay(), "the older records beyond the new end are never read");
        assertEquals(3, again.epoch());
    }

    @Test
    void aFullJournalRefusesARecordAndKeepsWhatItHas() {
        NodeJournal journal = NodeJournal.open(file(), 128);
        int taken = 0;
        while (journal.append(node(10 + taken, 100 + taken, 1))) {
            taken++;
        }
        assertTrue(taken >= 1, "a record fits");
        assertEquals(taken, journal.records());
        assertEquals(taken, NodeJournal.open(file(), 128).replay().size());
    }

    @Test
    void aRecordCutShortByACrashEndsTheReplay() throws IOException {
        NodeJournal journal = NodeJournal.open(file(), CAPACITY);
        NodeRecord whole = node(10, 100, 1);
        journal.append(whole);
        int second = FIRST + 8 + ByteBuffer.wrap(Files.readAllBytes(file())).getInt(FIRST);
        journal.append(node(11, 101, 1));
        // The process died after the length but before the last bytes of the payload.
        overwrite(second + 8 + 20, new byte[] {0x55, 0x55, 0x55, 0x55});
        assertEquals(List.of(whole), NodeJournal.open(file(), CAPACITY).replay());
    }

    @Test
    void aLengthBeyondTheFileEndsTheReplay() throws IOException {
        NodeJournal.open(file(), CAPACITY).append(node(10, 100, 1));
        overwrite(FIRST, ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array());
        assertEquals(List.of(), NodeJournal.open(file(), CAPACITY).replay());
        overwrite(FIRST, ByteBuffer.allocate(4).putInt(-5).array());
        assertEquals(List.of(), NodeJournal.open(file(), CAPACITY).replay());
        overwrite(FIRST, ByteBuffer.allocate(4).putInt(CAPACITY - FIRST - 8 + 1).array());
        assertEquals(List.of(), NodeJournal.open(file(), CAPACITY).replay());
    }

    @Test
    void aPayloadThatIsNoRecordEndsTheReplayWithoutThrowing() throws IOException {
        NodeRecord whole = node(10, 100, 1);
        NodeJournal.open(file(), CAPACITY).append(whole);
        // A well-formed, checksummed payload far too short for a node record.
        byte[] payload = new byte[12];
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(payload);
        int second = FIRST + 8 + ByteBuffer.wrap(Files.readAllBytes(file())).getInt(FIRST);
        overwrite(second, ByteBuffer.allocate(8 + payload.length + 4).putInt(payload.length)
                .putInt((int) crc.getValue()).put(payload).putInt(0).array());
        assertEquals(List.of(whole), NodeJournal.open(file(), CAPACITY).replay());
    }

    @Test
    void aFileThatIsNoJournalStartsEmpty() throws IOException {
        byte[] junk = new byte[CAPACITY];
        java.util.Arrays.fill(junk, (byte) 0x41);
        Files.write(file(), junk);
        NodeJournal journal = NodeJournal.open(file(), CAPACITY);
        assertEquals(List.of(), journal.replay());
        NodeRecord a = node(10, 100, 1);
        journal.append(a);
        assertEquals(List.of(a), NodeJournal.open(file(), CAPACITY).replay());
    }

    private void overwrite(int offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }
}
