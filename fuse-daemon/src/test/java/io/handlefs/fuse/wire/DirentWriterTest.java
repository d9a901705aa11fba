package io.handlefs.fuse.wire;

import io.handlefs.sys.Linux;

import static io.handlefs.fuse.wire.WireBytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class DirentWriterTest {

    static final String TWO_DIRENTS = "0500000000000000010000000000000001000000080000006100000000"
            + "000000060000000000000002000000000000000600000004000000ff8078797a770000";

    @Test
    void sizesAreEightAligned() {
        assertEquals(32, DirentWriter.direntSize(1));
        assertEquals(32, DirentWriter.direntSize(8));
        assertEquals(40, DirentWriter.direntSize(9));
        assertEquals(24 + 256, DirentWriter.direntSize(255));
        assertEquals(152 + 8, DirentWriter.direntPlusSize(1));
        assertEquals(152, DirentWriter.DIRENTPLUS_NAME_OFFSET);
        for (int n = 1; n <= 255; n++) {
            assertEquals(0, DirentWriter.direntSize(n) % 8);
            assertEquals(0, DirentWriter.direntPlusSize(n) % 8);
        }
    }

    @Test
    void direntGolden() {
        ByteBuffer out = ByteBuffer.allocate(4096);
        DirentWriter w = new DirentWriter(out, 4096);
        assertTrue(w.add(5, 1, Linux.DT_REG, "a"));
        assertTrue(w.add(6, 2, Linux.DT_DIR,
                FuseNames.fromBytes(new byte[] {(byte) 0xff, (byte) 0x80, 'x', 'y', 'z', 'w'})));
        assertEquals(64, w.bytesWritten());
        assertEquals(TWO_DIRENTS, hex(out.flip()));
    }

    @Test
    void doesNotFitBoundary() {
        ByteBuffer out = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        out.position(16);
        DirentWriter w = new DirentWriter(out, 64); // room for exactly two 32-byte entries
        assertTrue(w.add(1, 1, Linux.DT_REG, "a"));
        assertTrue(w.add(2, 2, Linux.DT_REG, "abcdefgh")); // 24 + 8 = 32: exactly fits
        assertEquals(64, w.bytesWritten());
        assertFalse(w.add(3, 3, Linux.DT_REG, "b"));
        assertEquals(64, w.bytesWritten());
        assertEquals(80, out.position()); // nothing written by the refused add

        w.reset(out.clear().position(16), 63); // one byte short of two entries
        assertTrue(w.add(1, 1, Linux.DT_REG, "a"));
        assertFalse(w.add(2, 2, Linux.DT_REG, "abcdefgh"));
        assertEquals(32, w.bytesWritten());

        w.reset(out.clear(), 104);
        assertTrue(w.add(1, 1, Linux.DT_REG, "abcdefgh")); // 32
        assertTrue(w.add(1, 2, Linux.DT_REG, "abcdefghi")); // 40 -> 72
        assertFalse(w.add(1, 3, Linux.DT_REG, "abcdefghi")); // would be 112
        assertTrue(w.add(1, 3, Linux.DT_REG, "ab")); // 72 + 32 = 104: exactly fits
        assertFalse(w.add(1, 4, Linux.DT_REG, "c"));
        assertEquals(104, w.bytesWritten());
    }

    @Test
    void limitedByBufferToo() {
        ByteBuffer out = ByteBuffer.allocate(40);
        DirentWriter w = new DirentWriter(out, -1); // unsigned 4 GiB - 1: the buffer bounds it
        assertTrue(w.add(1, 1, Linux.DT_REG, "a"));
        assertFalse(w.add(1, 2, Linux.DT_REG, "a"));
    }

    @Test
    void paddingIsZeroed() {
        ByteBuffer out = ByteBuffer.allocate(64);
        for (int i = 0; i < 64; i++) {
            out.put(i, (byte) 0xEE);
        }
        DirentWriter w = new DirentWriter(out, 64);
        assertTrue(w.add(1, 1, Linux.DT_LNK, "abc"));
        for (int i = 27; i < 32; i++) {
            assertEquals(0, out.get(i));
        }
        assertEquals((byte) 0xEE, out.get(32));
    }

    @Test
    void direntPlusLayoutAndBoundary() throws Exception {
        Attr attr = new Attr(77, 1, 1, 0, 0, 0, 0, 0, 0, 0100644, 1, 0, 0, 0, 4096, 0);
        EntryOut e = new EntryOut(5, 1, 1, 1, 0, 0, attr);
        ByteBuffer out = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        DirentWriter w = new DirentWriter(out, 2 * 160);
        assertTrue(w.addPlus(e, 1, Linux.DT_REG, "one"));
        assertTrue(w.addPlus(e, 2, Linux.DT_REG, "two"));
        assertFalse(w.addPlus(e, 3, Linux.DT_REG, "three"));
        assertEquals(320, w.bytesWritten());
        out.flip();
        assertEquals(e, EntryOut.decode(out.duplicate()));
        assertEquals(77, out.getLong(128)); // dirent.ino = attr.ino
        assertEquals(1, out.getLong(136)); // off
        assertEquals(3, out.getInt(144)); // namelen
        assertEquals(Linux.DT_REG, out.getInt(148));
        assertEquals('o', out.get(152));
        assertEquals(0, out.get(155)); // padding
        assertEquals(5, out.getLong(160)); // second entry's nodeid
    }

    @Test
    void badNamesRejected() {
        DirentWriter w = new DirentWriter(ByteBuffer.allocate(4096), 4096);
        assertThrows(IllegalArgumentException.class, () -> w.add(1, 1, 0, ""));
        assertThrows(IllegalArgumentException.class, () -> w.add(1, 1, 0, "x".repeat(256)));
        assertThrows(IllegalArgumentException.class, () -> w.add(1, 1, 0, "\u0100"));
        assertTrue(w.add(1, 1, 0, "x".repeat(255)));
    }

    @Test
    void typeFromMode() {
        assertEquals(Linux.DT_REG, DirentWriter.typeFromMode(0100644));
        assertEquals(Linux.DT_DIR, DirentWriter.typeFromMode(040755));
        assertEquals(Linux.DT_LNK, DirentWriter.typeFromMode(0120777));
        assertEquals(Linux.DT_FIFO, DirentWriter.typeFromMode(010644));
        assertEquals(Linux.DT_SOCK, DirentWriter.typeFromMode(0140755));
        assertEquals(Linux.DT_CHR, DirentWriter.typeFromMode(020600));
        assertEquals(Linux.DT_BLK, DirentWriter.typeFromMode(060600));
    }
}
