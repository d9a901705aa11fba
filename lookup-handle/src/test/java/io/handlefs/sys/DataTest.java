package io.handlefs.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataTest {
    @TempDir
    Path dir;
    Path file;
    int fd;

    @BeforeEach
    void open() {
        file = dir.resolve("data");
        fd = Sys.open(file.toString(), Linux.O_RDWR | Linux.O_CREAT | Linux.O_CLOEXEC, 0644);
    }

    @AfterEach
    void close() {
        Sys.close(fd);
    }

    private static ByteBuffer direct(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocateDirect(b.length).put(b).flip();
    }

    @Test
    void preadPwriteHonourBufferPositions() throws Exception {
        ByteBuffer src = direct("0123456789");
        src.position(3).limit(7); // "3456"
        assertEquals(4, Sys.pwrite(fd, src, 100));
        assertEquals(7, src.position());
        assertEquals(7, src.limit());
        byte[] onDisk = Files.readAllBytes(file);
        assertEquals(104, onDisk.length);
        assertEquals("3456", new String(onDisk, 100, 4, StandardCharsets.US_ASCII));
        assertEquals(0, onDisk[99]);

        // a slice has its own address: position 0 of the slice is byte 2 of the parent
        ByteBuffer slice = direct("abcdefgh").position(2).slice(); // "cdefgh"
        slice.position(1).limit(3); // "de"
        assertEquals(2, Sys.pwrite(fd, slice, 0));
        assertEquals("de", new String(Files.readAllBytes(file), 0, 2, StandardCharsets.US_ASCII));

        ByteBuffer dst = ByteBuffer.allocateDirect(16);
        for (int i = 0; i < 16; i++) {
            dst.put(i, (byte) '.');
        }
        dst.position(5).limit(9);
        assertEquals(4, Sys.pread(fd, dst, 100));
        assertEquals(9, dst.position());
        byte[] all = new byte[16];
        dst.duplicate().clear().get(all);
        assertEquals(".....3456.......", new String(all, StandardCharsets.US_ASCII));

        dst.clear();
        assertEquals(0, Sys.pread(fd, dst, 1000), "EOF");
        assertEquals(0, dst.position());
    }

    @Test
    void heapAndReadOnlyBuffersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Sys.pwrite(fd, ByteBuffer.allocate(4), 0));
        assertThrows(IllegalArgumentException.class, () -> Sys.pread(fd, ByteBuffer.allocate(4), 0));
        assertThrows(java.nio.ReadOnlyBufferException.class,
                () -> Sys.pread(fd, ByteBuffer.allocateDirect(4).asReadOnlyBuffer(), 0));
        // a read-only direct buffer is fine as a source
        assertEquals(3, Sys.pwrite(fd, direct("xyz").asReadOnlyBuffer(), 0));
    }

    @Test
    void offsetsBeyondFourGigabytes() {
        long far = 5L << 30;
        assertEquals(1, Sys.pwrite(fd, direct("Z"), far));
        assertEquals(far + 1, Sys.lseek(fd, 0, Linux.SEEK_END));
        ByteBuffer b = ByteBuffer.allocateDirect(1);
        assertEquals(1, Sys.pread(fd, b, far));
        assertEquals('Z', b.get(0));
        assertEquals(far + 1, Sys.statx(fd, "", Linux.AT_EMPTY_PATH).size());
    }

    @Test
    void readWriteWritev() throws Exception {
        ByteBuffer w = direct("hello ");
        assertEquals(6, Sys.write(fd, w));
        assertEquals(6, w.position());
        ByteBuffer a = direct("XXwor");
        a.position(2);
        ByteBuffer b = direct("ld!");
        ByteBuffer empty = ByteBuffer.allocateDirect(0);
        assertEquals(6, Sys.writev(fd, a, empty, b));
        assertEquals(2, a.position(), "writev does not advance positions");
        assertEquals(0, b.position());
        assertEquals("hello world!", Files.readString(file));

        // more buffers than the scratch iovec array holds
        ByteBuffer[] many = new ByteBuffer[100];
        for (int i = 0; i < many.length; i++) {
            many[i] = direct(Integer.toString(i % 10));
        }
        assertEquals(100, Sys.writev(fd, many));
        assertEquals(112, Files.size(file));
        assertEquals("0123456789", Files.readString(file).substring(12, 22));

        assertEquals(0, Sys.lseek(fd, 0, Linux.SEEK_SET));
        ByteBuffer r = ByteBuffer.allocateDirect(64);
        r.position(10);
        assertEquals(54, Sys.read(fd, r));
        assertEquals(64, r.position());
        assertEquals('h', r.get(10));
        Sys.fsync(fd);
        Sys.fdatasync(fd);
        Sys.ftruncate(fd, 5);
        assertEquals("hello", Files.readString(file));
        assertSame(Errno.EINVAL, assertThrows(ErrnoException.class, () -> Sys.ftruncate(fd, -1)).errno());
    }

    @Test
    void pwritevWritesBuffersInOrderAtAnOffset() throws Exception {
        ByteBuffer a = direct("XXab");
        a.position(2);
        ByteBuffer[] parts = {direct("--"), a, ByteBuffer.allocateDirect(0), direct("cd")};
        assertEquals(4, Sys.pwritev(fd, parts, 1, 3, 10));
        assertEquals(2, a.position(), "pwritev does not advance positions");
        byte[] onDisk = Files.readAllBytes(file);
        assertEquals(14, onDisk.length);
        assertEquals("abcd", new String(onDisk, 10, 4, StandardCharsets.US_ASCII));
        assertEquals(0, onDisk[9]);
        ByteBuffer[] tooMany = new ByteBuffer[Sys.PWRITEV_MAX + 1];
        assertThrows(IllegalArgumentException.class, () -> Sys.pwritev(fd, tooMany, 0, tooMany.length, 0));
        ByteBuffer[] heap = {ByteBuffer.allocate(1)};
        assertThrows(IllegalArgumentException.class, () -> Sys.pwritev(fd, heap, 0, 1, 0));
    }

    @Test
    void sparseFileSeekDataAndHole() {
        int block = 4096;
        ByteBuffer b = ByteBuffer.allocateDirect(block);
        for (int i = 0; i < block; i++) {
            b.put(i, (byte) 1);
        }
        Sys.pwrite(fd, b.clear(), 0);
        Sys.pwrite(fd, b.clear(), 256L * block); // hole between 1 block and 256 blocks
        long size = 257L * block;
        assertEquals(0, Sys.lseek(fd, 0, Linux.SEEK_DATA));
        assertEquals(block, Sys.lseek(fd, 0, Linux.SEEK_HOLE));
        assertEquals(256L * block, Sys.lseek(fd, block, Linux.SEEK_DATA));
        assertEquals(size, Sys.lseek(fd, 256L * block, Linux.SEEK_HOLE));
        assertSame(Errno.ENXIO, assertThrows(ErrnoException.class, () -> Sys.lseek(fd, size, Linux.SEEK_DATA)).errno());
    }

    @Test
    void fallocateAndPunchHole() {
        long len = 1 << 20;
        Sys.fallocate(fd, 0, 0, len);
        Stat st = Sys.statx(fd, "", Linux.AT_EMPTY_PATH);
        assertEquals(len, st.size());
        assertTrue(st.blocks() * 512 >= len, "allocated " + st.blocks());

        Sys.fallocate(fd, Linux.FALLOC_FL_KEEP_SIZE, len, len);
        assertEquals(len, Sys.statx(fd, "", Linux.AT_EMPTY_PATH).size());

        ByteBuffer ones = ByteBuffer.allocateDirect(8192);
        for (int i = 0; i < 8192; i++) {
            ones.put(i, (byte) 7);
        }
        Sys.pwrite(fd, ones, 65536);
        long before = Sys.statx(fd, "", Linux.AT_EMPTY_PATH).blocks();
        Sys.fallocate(fd, Linux.FALLOC_FL_PUNCH_HOLE | Linux.FALLOC_FL_KEEP_SIZE, 65536, 8192);
        Stat after = Sys.statx(fd, "", Linux.AT_EMPTY_PATH);
        assertEquals(len, after.size());
        assertEquals(before - 16, after.blocks(), "8 KiB freed");
        ByteBuffer back = ByteBuffer.allocateDirect(8192);
        assertEquals(8192, Sys.pread(fd, back, 65536));
        for (int i = 0; i < 8192; i++) {
            assertEquals(0, back.get(i));
        }
        assertEquals(65536, Sys.lseek(fd, 65536, Linux.SEEK_HOLE), "the punched range is a hole");
        // PUNCH_HOLE without KEEP_SIZE is refused
        assertSame(Errno.EOPNOTSUPP, assertThrows(ErrnoException.class,
                () -> Sys.fallocate(fd, Linux.FALLOC_FL_PUNCH_HOLE, 0, 4096)).errno());
    }

    @Test
    void copyFileRange() throws Exception {
        byte[] content = new byte[100_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        Files.write(file, content);
        int out = Sys.open(dir.resolve("copy").toString(), Linux.O_WRONLY | Linux.O_CREAT | Linux.O_CLOEXEC, 0644);
        try {
            long copied = 0;
            while (copied < 50_000) {
                long n = Sys.copyFileRange(fd, 1000 + copied, out, 10 + copied, 50_000 - copied, 0);
                assertTrue(n > 0);
                copied += n;
            }
            assertEquals(0, Sys.lseek(fd, 0, Linux.SEEK_CUR), "explicit offsets leave file offsets alone");
            byte[] got = Files.readAllBytes(dir.resolve("copy"));
            assertEquals(50_010, got.length);
            byte[] expect = new byte[50_000];
            System.arraycopy(content, 1000, expect, 0, 50_000);
            byte[] tail = new byte[50_000];
            System.arraycopy(got, 10, tail, 0, 50_000);
            assertArrayEquals(expect, tail);

            // NULL offsets: both sides use and advance their file offsets
            Sys.lseek(fd, 99_990, Linux.SEEK_SET);
            Sys.lseek(out, 0, Linux.SEEK_SET);
            assertEquals(10, Sys.copyFileRange(fd, -1, out, -1, 1000, 0));
            assertEquals(100_000, Sys.lseek(fd, 0, Linux.SEEK_CUR));
            assertEquals(10, Sys.lseek(out, 0, Linux.SEEK_CUR));
            assertEquals(0, Sys.copyFileRange(fd, -1, out, -1, 1000, 0), "EOF");
        } finally {
            Sys.close(out);
        }
    }
}
