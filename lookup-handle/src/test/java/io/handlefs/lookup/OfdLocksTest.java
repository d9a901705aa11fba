package io.handlefs.lookup;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handlefs.codec.NodeId;
import io.handlefs.inode.MemoryNodeTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Locks mirrored as OFD locks are seen by another process's POSIX locks, and see them. */
class OfdLocksTest {
    @TempDir
    Path tmp;
    private Export export;
    private Path file;
    private NodeId node;

    @BeforeEach
    void open() throws Exception {
        Path tree = Files.createDirectory(tmp.resolve("tree"));
        file = Files.write(tree.resolve("f"), new byte[100]);
        export = Export.open(tree.toString(), new ExportOptions(1, 16), new MemoryNodeTable());
        node = export.lookup(Credentials.DAEMON, NodeId.ROOT, "f").node().id();
    }

    @AfterEach
    void close() {
        export.close();
    }

    /** Whether another process gets a non-blocking POSIX write lock on [start, start + length). */
    private boolean localProcessLocks(long start, long length) throws Exception {
        Process p = new ProcessBuilder("python3", "-c", "import fcntl, os, sys\n"
                + "fd = os.open(sys.argv[1], os.O_RDWR)\n"
                + "try:\n    fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, int(sys.argv[3]), int(sys.argv[2]))\n"
                + "except OSError:\n    sys.exit(1)\n", file.toString(), Long.toString(start), Long.toString(length))
                .start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue() == 0;
    }

    @Test
    void aMirroredLockConflictsWithALocalOneAndGoesWithItsOwner() throws Exception {
        OfdLocks locks = new OfdLocks(export);
        try (OfdLocks.Owner a = locks.owner(node); OfdLocks.Owner b = locks.owner(node)) {
            assertTrue(locks.lock(a, 10, 10, true));
            assertFalse(localProcessLocks(15, 1), "the local process sees the SMB lock");
            assertTrue(localProcessLocks(30, 10), "outside the range it locks");
            assertFalse(locks.lock(b, 19, 1, false), "another holder is refused, not blocked");
            locks.unlock(a, 10, 10);
            assertTrue(localProcessLocks(15, 1));
            assertTrue(locks.lock(a, 0, 0, true), "a zero-length lock has no OFD form");
            assertTrue(locks.lock(a, -2L, 1, true), "nor a range past off_t");
            assertTrue(localProcessLocks(0, 100));
            assertTrue(locks.lock(a, 50, -1L, true), "a range running past off_t locks to EOF");
            assertFalse(localProcessLocks(1000, 1));
        }
        assertTrue(localProcessLocks(0, 2000), "closing the owner drops its locks");
    }
}
