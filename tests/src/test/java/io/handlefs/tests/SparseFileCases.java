package io.handlefs.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Holes, SEEK_DATA/SEEK_HOLE, truncate, posix_fallocate and fallocate (KEEP_SIZE, PUNCH_HOLE).
 * Block counts are read after fsync, so they do not depend on delayed allocation or caching.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class SparseFileCases {

    private static final int MIB = 1 << 20;

    /** The mount these cases run on. */
    abstract SharedMount fx();
    private static final Actor root = Actor.root();

    /** Prints "size blocks" of fd after fsync. */
    private static final String SIZE_BLOCKS = """
            def sb(fd):
                os.fsync(fd)
                st = os.fstat(fd)
                return '%d %d' % (st.st_size, st.st_blocks)
            """;

    @Test
    void holesSeekDataSeekHoleAndBlocks() throws Exception {
        Path f = fx().newDir("holes").resolve("f");
        String[] r = root.run(SIZE_BLOCKS + """
                fd = os.open(A[0], os.O_CREAT | os.O_RDWR, 0o644)
                os.pwrite(fd, b'a' * 4096, 0)
                os.pwrite(fd, b'b' * 4096, 1 << 20)
                out(os.lseek(fd, 0, os.SEEK_DATA), os.lseek(fd, 0, os.SEEK_HOLE),
                    os.lseek(fd, 4096, os.SEEK_DATA), os.lseek(fd, 4096, os.SEEK_HOLE),
                    os.lseek(fd, 1 << 20, os.SEEK_HOLE), err(os.lseek, fd, (1 << 20) + 4096, os.SEEK_DATA),
                    err(os.lseek, fd, (1 << 20) + 4096, os.SEEK_HOLE))
                out(sb(fd))
                hole = os.pread(fd, 8192, 4096)
                out(hole == bytes(8192), os.pread(fd, 4, (1 << 20) - 2))
                """, f).lines().toArray(new String[0]);
        assertEquals("0 4096 1048576 4096 1052672 ENXIO ENXIO", r[0]);
        String[] sb = r[1].split(" ");
        assertEquals(MIB + 4096, Long.parseLong(sb[0]));
        long bytes = Long.parseLong(sb[1]) * 512;
        assertEquals(true, bytes >= 8192 && bytes < 64 * 1024, "allocated " + bytes);
        assertEquals("True b'\\x00\\x00bb'", r[2]);
    }

    @Test
    void writeBeyondEofLeavesZeroFilledHole() throws Exception {
        Path f = Files.writeString(fx().newDir("beyond").resolve("f"), "head");
        assertEquals("1000005 True", root.run("""
                fd = os.open(A[0], os.O_RDWR)
                os.pwrite(fd, b'tail!', 1000000)
                data = os.pread(fd, 2000000, 0)
                out(len(data), data == b'head' + bytes(1000000 - 4) + b'tail!')
                """, f).ok());
    }

    @Test
    void truncateDownAndUp() throws Exception {
        Path f = fx().newDir("truncate").resolve("f");
        Files.write(f, "0123456789".repeat(1000).getBytes());
        assertEquals("100 True", root.run("""
                os.truncate(A[0], 100)
                d = open(A[0], 'rb').read()
                out(len(d), d == b'0123456789' * 10)
                """, f).ok());
        String[] r = root.run(SIZE_BLOCKS + """
                os.truncate(A[0], 1 << 20)
                fd = os.open(A[0], os.O_RDONLY)
                d = os.pread(fd, 2 << 20, 0)
                out(len(d), d[:100] == b'0123456789' * 10, d[100:] == bytes((1 << 20) - 100))
                out(sb(fd))
                """, f).lines().toArray(new String[0]);
        assertEquals("1048576 True True", r[0]);
        long blocks = Long.parseLong(r[1].split(" ")[1]);
        assertEquals(true, blocks * 512 < MIB / 2, "truncate up makes a hole: " + blocks + " blocks");
    }

    @Test
    void ftruncateThroughOpenFd() throws Exception {
        Path f = Files.writeString(fx().newDir("ftruncate").resolve("f"), "abcdefgh");
        assertEquals("3 b'abc' 10 b'abc\\x00\\x00\\x00\\x00\\x00\\x00\\x00' 0", root.run("""
                fd = os.open(A[0], os.O_RDWR)
                os.ftruncate(fd, 3)
                a = (os.fstat(fd).st_size, os.pread(fd, 100, 0))
                os.ftruncate(fd, 10)
                b = (os.fstat(fd).st_size, os.pread(fd, 100, 0))
                os.ftruncate(fd, 0)
                out(a[0], a[1], b[0], b[1], os.stat(A[0]).st_size)
                """, f).ok());
    }

    @Test
    void posixFallocateAllocatesAndExtends() throws Exception {
        Path f = fx().newDir("posix-fallocate").resolve("f");
        String[] r = root.run(SIZE_BLOCKS + """
                fd = os.open(A[0], os.O_CREAT | os.O_RDWR, 0o644)
                os.pwrite(fd, b'x', 0)
                os.posix_fallocate(fd, 0, 1 << 20)
                out(sb(fd))
                out(os.pread(fd, 1 << 20, 0) == b'x' + bytes((1 << 20) - 1))
                """, f).lines().toArray(new String[0]);
        String[] sb = r[0].split(" ");
        assertEquals(MIB, Long.parseLong(sb[0]));
        assertEquals(true, Long.parseLong(sb[1]) * 512 >= MIB, r[0]);
        assertEquals("True", r[1]);
    }

    @Test
    void fallocateKeepSizeAllocatesBeyondEof() throws Exception {
        Path f = fx().newDir("keep-size").resolve("f");
        String[] r = root.run(SIZE_BLOCKS + """
                fd = os.open(A[0], os.O_CREAT | os.O_RDWR, 0o644)
                os.pwrite(fd, b'y' * 4096, 0)
                out(sb(fd))
                out(fallocate(fd, 1, 4096, 1 << 20))
                out(sb(fd))
                """, f).lines().toArray(new String[0]);
        assertEquals("OK", r[1]);
        String[] before = r[0].split(" ");
        String[] after = r[2].split(" ");
        assertEquals("4096", before[0]);
        assertEquals("4096", after[0], "FALLOC_FL_KEEP_SIZE");
        long grew = (Long.parseLong(after[1]) - Long.parseLong(before[1])) * 512;
        assertEquals(true, grew >= MIB, "allocated " + grew);
    }

    @Test
    void punchHoleDeallocatesAndReadsZeros() throws Exception {
        Path f = fx().newDir("punch").resolve("f");
        String[] r = root.run(SIZE_BLOCKS + """
                fd = os.open(A[0], os.O_CREAT | os.O_RDWR, 0o644)
                data = bytes((i * 31 + 7) % 251 + 1 for i in range(256 * 1024))
                os.pwrite(fd, data, 0)
                out(sb(fd))
                # FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE
                out(fallocate(fd, 3, 64 * 1024, 64 * 1024))
                out(sb(fd))
                got = os.pread(fd, 256 * 1024, 0)
                exp = data[:64 * 1024] + bytes(64 * 1024) + data[128 * 1024:]
                out(got == exp, os.lseek(fd, 0, os.SEEK_HOLE), os.lseek(fd, 64 * 1024, os.SEEK_DATA))
                out(fallocate(fd, 2, 0, 4096))
                """, f).lines().toArray(new String[0]);
        assertEquals("OK", r[1]);
        String[] before = r[0].split(" ");
        String[] after = r[2].split(" ");
        assertEquals("262144", before[0]);
        assertEquals("262144", after[0], "size unchanged");
        long freed = (Long.parseLong(before[1]) - Long.parseLong(after[1])) * 512;
        assertEquals(64 * 1024, freed, "blocks " + before[1] + " -> " + after[1]);
        assertEquals("True 65536 131072", r[3]);
        // EOPNOTSUPP (95); python names errno 95 ENOTSUP, its alias on Linux.
        assertEquals("ENOTSUP", r[4], "PUNCH_HOLE without KEEP_SIZE is refused");
    }
}
