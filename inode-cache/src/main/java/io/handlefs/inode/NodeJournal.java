package io.handlefs.inode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The node table's write-ahead journal: a new or changed node record is copied into a shared
 * mapping of this file, where it is in the kernel's page cache (and so outlives a killed daemon)
 * at the cost of a memory copy instead of an LMDB write transaction. The table applies the journal
 * to LMDB in batches, then {@link #clear}s it, and replays what is left in it at open.
 *
 * <pre>
 * header  u32 magic "HFNJ" | u32 format version 1 | u64 epoch, raised at each {@link #clear}
 * record  u32 n, the payload's length (0 ends the journal) | u32 CRC-32C of the payload
 *         | payload: u64 node ID | n - 8 bytes, the record as the "ids" database holds it
 *           ({@link NodeCodec})
 * </pre>
 *
 * An append writes the zero that ends the journal after its record before it writes the record's
 * length, so the file always reads as a run of whole records: a record cut short by a crash has
 * length 0 or fails its CRC, and was never answered. All integers big-endian. Not thread-safe: the
 * table appends under its write lock.
 */
final class NodeJournal {
    private static final Logger log = LoggerFactory.getLogger(NodeJournal.class);

    private static final int MAGIC = 0x48464e4a; // "HFNJ"
    private static final int VERSION = 1;
    private static final int HEADER = 16;
    private static final int RECORD_HEADER = 8;

    private final Path file;
    private final MappedByteBuffer map;
    private int end = HEADER;
    private int records;

    private NodeJournal(Path file, MappedByteBuffer map) {
        this.file = file;
        this.map = map;
    }

    /** Maps the journal file (created empty if missing) with room for capacity bytes. */
    static NodeJournal open(Path file, int capacity) {
        if (capacity < HEADER + RECORD_HEADER + 1) {
            throw new IllegalArgumentException("journal capacity " + capacity);
        }
        // Owner-only, like the LMDB files: the records hold the lower filesystem's raw handles.
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            // The mapping stays valid after the channel closes.
            NodeJournal journal = new NodeJournal(file, channel.map(FileChannel.MapMode.READ_WRITE, 0,
                    Math.max(capacity, channel.size())));
            if (journal.map.getInt(0) != MAGIC || journal.map.getInt(4) != VERSION) {
                journal.map.putInt(0, MAGIC).putInt(4, VERSION);
                journal.clear(0);
            }
            return journal;
        } catch (IOException e) {
            throw new NodeStoreException(NodeStoreException.Reason.STORE, "cannot map journal " + file, e);
        }
    }

    /**
     * The records the journal holds, oldest first; it stays as it is until {@link #clear}. A
     * damaged record ends the list (it is logged): records after it cannot be trusted either.
     */
    List<NodeRecord> replay() {
        List<NodeRecord> found = new ArrayList<>();
        int at = HEADER;
        CRC32C crc = new CRC32C();
        while (at + RECORD_HEADER <= map.capacity()) {
            int length = map.getInt(at);
            if (length == 0) {
                break;
            }
            if (length < Long.BYTES || length > map.capacity() - at - RECORD_HEADER) {
                log.warn("journal {}: record at {} claims {} bytes; replay stops there", file, at, length);
                break;
            }
            byte[] payload = new byte[length];
            map.get(at + RECORD_HEADER, payload);
            crc.reset();
            crc.update(payload);
            if ((int) crc.getValue() != map.getInt(at + 4)) {
                log.warn("journal {}: record at {} fails its checksum; replay stops there", file, at);
                break;
            }
            try {
                ByteBuffer b = ByteBuffer.wrap(payload);
                byte[] idKey = new byte[Long.BYTES];
                b.get(idKey);
                byte[] value = new byte[b.remaining()];
                b.get(value);
                found.add(NodeCodec.record(idKey, value));
            } catch (NodeStoreException e) {
                log.warn("journal {}: record at {} is unreadable ({}); replay stops there", file, at, e.getMessage());
                break;
            }
            at += RECORD_HEADER + length;
        }
        end = at;
        records = found.size();
        return found;
    }

    /** Appends a record; false, with nothing written, when the journal has no room for it. */
    boolean append(NodeRecord node) {
        byte[] value = NodeCodec.record(node);
        int length = Long.BYTES + value.length;
        int next = end + RECORD_HEADER + length;
        if (next + Integer.BYTES > map.capacity()) {
            return false;
        }
        CRC32C crc = new CRC32C();
        long id = node.id().value();
        for (int shift = 56; shift >= 0; shift -= 8) {
            crc.update((int) (id >>> shift));
        }
        crc.update(value);
        map.putInt(next, 0);
        map.putLong(end + RECORD_HEADER, id);
        map.put(end + RECORD_HEADER + Long.BYTES, value);
        map.putInt(end + 4, (int) crc.getValue());
        map.putInt(end, length);
        end = next;
        records++;
        return true;
    }

    /**
     * Empties the journal (its records are in the table below) and gives it an epoch: of two
     * journals, the one with the higher epoch took its records later.
     */
    void clear(long epoch) {
        map.putInt(HEADER, 0);
        map.putLong(8, epoch);
        end = HEADER;
        records = 0;
    }

    long epoch() {
        return map.getLong(8);
    }

    /** How many records the journal holds. */
    int records() {
        return records;
    }

    /** Writes the mapped pages to disk (the periodic sync and a clean close). */
    void force() {
        map.force();
    }
}
