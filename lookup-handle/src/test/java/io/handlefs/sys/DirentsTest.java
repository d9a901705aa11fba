package io.handlefs.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirentsTest {
    @TempDir
    Path dir;

    /** Appends one linux_dirent64 record, padded to 8 bytes; returns its reclen. */
    private static int record(ByteBuffer b, long ino, long off, int type, byte[] name) {
        int reclen = (Dirents.NAME_OFFSET + name.length + 1 + 7) & ~7;
        int p = b.position();
        b.putLong(ino).putLong(off).putShort((short) reclen).put((byte) type).put(name).put((byte) 0);
        b.position(p + reclen);
        return reclen;
    }

    @Test
    void parsesRecordsAndStopsAtShortLastRecord() {
        ByteBuffer b = ByteBuffer.allocateDirect(256).order(ByteOrder.nativeOrder());
        record(b, 11, 1, Linux.DT_DIR, ".".getBytes());
        record(b, 12, 2, Linux.DT_REG, new byte[] {'a', (byte) 0xff, 'z'});
        int full = b.position();
        record(b, 13, 3, Linux.DT_LNK, "third".getBytes());
        int withThird = b.position();

        List<Dirent> all = Dirents.parse(b, withThird);
        assertEquals(3, all.size());
        assertEquals(new Dirent(11, 1, Linux.DT_DIR, "."), all.get(0));
        assertEquals(new Dirent(12, 2, Linux.DT_REG, "a\u00ffz"), all.get(1));
        assertEquals(new Dirent(13, 3, Linux.DT_LNK, "third"), all.get(2));
        assertEquals(withThird, b.position(), "position untouched");

        // the third record cut anywhere: only the first two come back, no exception
        for (int cut = full; cut < withThird; cut++) {
            assertEquals(2, Dirents.parse(b, cut).size(), "cut at " + cut);
        }
        assertEquals(0, Dirents.parse(b, 5).size());
        assertEquals(0, Dirents.parse(b, 0).size());
    }

    @Test
    void zeroReclenOrMissingNulStops() {
        ByteBuffer b = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());
        b.putLong(1).putLong(2).putShort((short) 0).put((byte) 8);
        assertEquals(0, Dirents.parse(b, 64).size());
        ByteBuffer c = ByteBuffer.allocateDirect(24).order(ByteOrder.nativeOrder());
        c.putLong(1).putLong(2).putShort((short) 24).put((byte) 8).put(new byte[] {'a', 'b', 'c', 'd', 'e'});
        assertEquals(0, Dirents.parse(c, 24).size());
    }

    @Test
    void getdents64ListsThousandsWithRepeatedCalls() throws Exception {
        int count = 1200;
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String name = "entry-" + i;
            Files.createFile(dir.resolve(name));
            expected.add(name);
        }
        // one name that is not UTF-8, created through Sys
        String raw = "bad\u00ff\u00fename";
        int d = Sys.open(dir.toString(), Linux.O_RDONLY | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
        try {
            Sys.close(Sys.openat(d, raw, Linux.O_CREAT | Linux.O_WRONLY | Linux.O_CLOEXEC, 0644));
            expected.add(raw);
            ByteBuffer buf = ByteBuffer.allocateDirect(4096);
            Map<String, Dirent> seen = new HashMap<>();
            int calls = 0;
            while (true) {
                buf.clear();
                int n = Sys.getdents64(d, buf);
                assertEquals(n, buf.position());
                if (n == 0) {
                    break;
                }
                calls++;
                for (Dirent e : Dirents.parse(buf, n)) {
                    assertTrue(seen.put(e.name(), e) == null, "duplicate " + e.name());
                }
            }
            assertTrue(calls >= 5, "calls " + calls);
            assertEquals(Linux.DT_DIR, seen.remove(".").type());
            assertEquals(Linux.DT_DIR, seen.remove("..").type());
            assertEquals(expected, seen.keySet());
            Dirent e = seen.get("entry-7");
            assertEquals(Linux.DT_REG, e.type());
            assertEquals(Files.getAttribute(dir.resolve("entry-7"), "unix:ino"), e.ino());
            assertEquals(Sys.statx(d, raw, 0).ino(), seen.get(raw).ino());
        } finally {
            Sys.close(d);
        }
    }
}
