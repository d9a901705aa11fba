package io.handlefs.tests;

import static io.handlefs.tests.Ids.ALICE;
import static io.handlefs.tests.Ids.STAFF;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Data path: big and small I/O, append, O_TRUNC, copy_file_range, fsync, statvfs. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class FileIoCases {

    private static final int SIZE = 8 << 20;

    /** The mount these cases run on. */
    abstract SharedMount fx();
    private static final Actor root = Actor.root();

    @Test
    void bigRandomDataAtUnalignedOffsets() throws Exception {
        Path f = fx().newDir("big").resolve("f");
        Random rnd = new Random(0x4a4e4446L);
        byte[] expected = new byte[SIZE];
        rnd.nextBytes(expected);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            // Fill in random-sized, unaligned pieces, out of order: odd pieces first, then even.
            int[] cuts = cuts(rnd, SIZE, 300_000);
            for (int parity = 1; parity >= 0; parity--) {
                for (int i = parity; i + 1 < cuts.length; i += 2) {
                    writeFully(ch, expected, cuts[i], cuts[i + 1] - cuts[i]);
                }
            }
            // Overwrite random unaligned ranges with fresh data.
            for (int i = 0; i < 200; i++) {
                int off = rnd.nextInt(SIZE - 1);
                int len = 1 + rnd.nextInt(Math.min(SIZE - off, 150_000));
                byte[] fresh = new byte[len];
                rnd.nextBytes(fresh);
                System.arraycopy(fresh, 0, expected, off, len);
                writeFully(ch, expected, off, len);
            }
            assertEquals(SIZE, ch.size());
            // Read back through the same channel in random unaligned pieces.
            byte[] got = new byte[SIZE];
            int[] rcuts = cuts(rnd, SIZE, 200_000);
            for (int i = 0; i + 1 < rcuts.length; i++) {
                readFully(ch, got, rcuts[i], rcuts[i + 1] - rcuts[i]);
            }
            assertTrue(Arrays.equals(expected, got), "same-fd readback differs at " + Arrays.mismatch(expected, got));
        }
        // And through a fresh open, and another process.
        byte[] again = Files.readAllBytes(f);
        assertTrue(Arrays.equals(expected, again), "reopen readback differs at " + Arrays.mismatch(expected, again));
        String sha = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(expected));
        assertEquals(sha, root.run("""
                import hashlib
                out(hashlib.sha256(open(A[0], 'rb').read()).hexdigest())
                """, f).ok());
    }

    @Test
    void smallWritesAndReads() throws Exception {
        Path f = fx().newDir("small").resolve("f");
        byte[] expected = new byte[4099];
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            // single bytes, back to front, so every write lands before what is already there
            for (int i = expected.length - 1; i >= 0; i -= 3) {
                expected[i] = (byte) (i * 13 + 1);
                writeFully(ch, expected, i, 1);
            }
            for (int i = 0; i < expected.length; i++) {
                ByteBuffer one = ByteBuffer.allocate(1);
                assertEquals(1, ch.read(one, i));
                assertEquals(expected[i], one.get(0), "byte " + i);
            }
            assertEquals(-1, ch.read(ByteBuffer.allocate(10), expected.length), "EOF");
            assertEquals(0, ch.read(ByteBuffer.allocate(0), 0));
        }
        assertArrayEquals(expected, Files.readAllBytes(f));
    }

    @Test
    void appendModeWritesAtTheEnd() throws Exception {
        Path f = Files.writeString(fx().newDir("append").resolve("f"), "start;");
        assertEquals("start;a1;b1;a2;b2;pwrite;", root.run("""
                a = os.open(A[0], os.O_WRONLY | os.O_APPEND)
                b = os.open(A[0], os.O_WRONLY | os.O_APPEND)
                for i in (1, 2):
                    os.write(a, b'a%d;' % i)
                    os.write(b, b'b%d;' % i)
                # Linux: pwrite on an O_APPEND fd appends, whatever the offset (see pwrite(2), BUGS).
                os.pwrite(a, b'pwrite;', 0)
                os.close(a); os.close(b)
                out(open(A[0]).read())
                """, f).ok());
        // And from Java, with a position that is ignored.
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap("java".getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals("start;a1;b1;a2;b2;pwrite;java", Files.readString(f));
    }

    @Test
    void openWithTruncEmptiesTheFile() throws Exception {
        Path d = fx().newDir("trunc");
        Path f = Files.writeString(d.resolve("f"), "x".repeat(100_000));
        long ino = Posix.ino(f);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            assertEquals(0, ch.size());
            ch.write(ByteBuffer.wrap("new".getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals("new", Files.readString(f));
        assertEquals(ino, Posix.ino(f), "same file, truncated");

        Path ro = Posix.file(d.resolve("ro"), "keep", 0444, ALICE, STAFF);
        assertEquals("EACCES", Actor.as(ALICE, STAFF, STAFF)
                .run("out(err(os.open, A[0], os.O_WRONLY | os.O_TRUNC))", ro).ok());
        assertEquals("keep", Files.readString(ro));
        assertEquals("0", root.run("""
                os.close(os.open(A[0], os.O_RDONLY | os.O_TRUNC))
                out(os.stat(A[0]).st_size)
                """, d.resolve("f")).ok(), "O_RDONLY | O_TRUNC truncates on Linux");
    }

    @Test
    void copyFileRangeCopiesBytes() throws Exception {
        Path d = fx().newDir("cfr");
        Path src = d.resolve("src");
        byte[] data = new byte[3 << 20];
        new Random(7).nextBytes(data);
        Files.write(src, data);
        Path dst = d.resolve("dst");
        assertEquals("2097152", root.run("""
                s = os.open(A[0], os.O_RDONLY)
                t = os.open(A[1], os.O_CREAT | os.O_WRONLY, 0o644)
                os.pwrite(t, b'HEAD', 0)
                done = 0
                n = 2 << 20
                while done < n:
                    k = os.copy_file_range(s, t, n - done, 4097 + done, 10 + done)
                    if k == 0:
                        break
                    done += k
                os.close(s); os.close(t)
                out(done)
                """, src, dst).ok());
        byte[] got = Files.readAllBytes(dst);
        assertEquals(10 + (2 << 20), got.length);
        assertArrayEquals("HEAD".getBytes(StandardCharsets.UTF_8), Arrays.copyOf(got, 4));
        assertArrayEquals(new byte[6], Arrays.copyOfRange(got, 4, 10), "gap is zeros");
        assertTrue(Arrays.equals(data, 4097, 4097 + (2 << 20), got, 10, got.length), "copied range");
    }

    @Test
    void fsyncAndFdatasyncSucceed() throws Exception {
        Path d = fx().newDir("sync");
        Path f = d.resolve("f");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[100_000]));
            ch.force(true);
            ch.write(ByteBuffer.wrap(new byte[10]));
            ch.force(false);
        }
        assertEquals("OK OK OK OK", root.run("""
                fd = os.open(A[1], os.O_RDWR)
                os.write(fd, b'x')
                r = [err(os.fsync, fd), err(os.fdatasync, fd)]
                os.close(fd)
                dfd = os.open(A[0], os.O_RDONLY | os.O_DIRECTORY)
                r += [err(os.fsync, dfd), err(os.fdatasync, dfd)]
                os.close(dfd)
                out(*r)
                """, d, f).ok());
    }

    @Test
    void statvfsIsSane() throws Exception {
        String[] mnt = statvfs(fx().mnt());
        String[] lower = statvfs(fx().lower());
        long bsize = Long.parseLong(mnt[0]);
        long frsize = Long.parseLong(mnt[1]);
        long blocks = Long.parseLong(mnt[2]);
        long bfree = Long.parseLong(mnt[3]);
        long bavail = Long.parseLong(mnt[4]);
        long files = Long.parseLong(mnt[5]);
        long ffree = Long.parseLong(mnt[6]);
        long namemax = Long.parseLong(mnt[7]);
        assertTrue(bsize > 0 && frsize > 0, "block sizes " + bsize + " " + frsize);
        assertTrue(blocks > 0 && bfree <= blocks && bavail <= bfree, blocks + " " + bfree + " " + bavail);
        assertTrue(bfree > 0, "a test filesystem has free space");
        assertTrue(files > 0 && ffree <= files, files + " " + ffree);
        assertEquals(255, namemax);
        assertEquals(Long.parseLong(lower[1]) * Long.parseLong(lower[2]), frsize * blocks,
                "total size is the lower filesystem's");
        assertTrue(Files.getFileStore(fx().mnt()).getTotalSpace() > 0);
    }

    private static String[] statvfs(Path p) {
        return root.run("""
                s = os.statvfs(A[0])
                out(s.f_bsize, s.f_frsize, s.f_blocks, s.f_bfree, s.f_bavail, s.f_files, s.f_ffree, s.f_namemax)
                """, p).ok().split(" ");
    }

    /** Sorted cut points 0 = c0 < c1 < ... = size, gaps 1..maxGap. */
    private static int[] cuts(Random rnd, int size, int maxGap) {
        IntStream.Builder c = IntStream.builder().add(0);
        for (int pos = 0; pos < size; ) {
            pos = Math.min(size, pos + 1 + rnd.nextInt(maxGap));
            c.add(pos);
        }
        return c.build().toArray();
    }

    private static void writeFully(FileChannel ch, byte[] src, int off, int len) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(src, off, len);
        long pos = off;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    private static void readFully(FileChannel ch, byte[] dst, int off, int len) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(dst, off, len);
        long pos = off;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new AssertionError("EOF at " + pos);
            }
            pos += n;
        }
    }
}
