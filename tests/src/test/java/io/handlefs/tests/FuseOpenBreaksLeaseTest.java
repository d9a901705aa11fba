package io.handlefs.tests;

import io.handlefs.fuse.HandlefsMount;
import io.handlefs.fuse.MountOptions;
import io.handlefs.smb.ShareConfig;
import io.handlefs.smb.SmbConfig;
import io.handlefs.smb.SmbServer;
import io.handlefs.smb.auth.NtlmCrypto;
import io.handlefs.smb.auth.UserDatabase;
import io.handlefs.smb.mssmb2.CreateContext;
import io.handlefs.smb.mssmb2.CreateRequest;
import io.handlefs.smb.mssmb2.CreateResponse;
import io.handlefs.smb.mssmb2.FileId;
import io.handlefs.smb.mssmb2.Guid;
import io.handlefs.smb.mssmb2.LeaseBreakNotification;
import io.handlefs.smb.mssmb2.LeaseContext;
import io.handlefs.smb.mssmb2.LockRequest;
import io.handlefs.smb.mssmb2.NtStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coherence of SMB with the FUSE mount and local processes, in one process on one export. Leases:
 * a process that opens, through the FUSE mount, a file an SMB client holds with an RWH lease waits
 * while the client is told to give the lease up, and goes on once the client acknowledged the break. Byte-range locks: what an SMB
 * client locks, local processes find locked (on the lower file and through the mount), and back.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FuseOpenBreaksLeaseTest {
    private static final int PORT = 15010;
    private static final int RWH = 7;
    /** Generic read and write with attributes, delete and synchronize, as Windows asks to edit a file. */
    private static final int READ_WRITE = 0x12019F;
    private static final int SHARE_ALL = 7;
    private static final byte[] KEY = "lease-key-000001".getBytes(StandardCharsets.US_ASCII);

    private Path root;
    private HandlefsMount mount;
    private SmbServer server;

    @BeforeEach
    void start() throws Exception {
        root = Files.createTempDirectory("handlefs-lease-");
        Posix.chmod(root, 0755);
        Path lower = Files.createDirectory(root.resolve("lower"));
        Files.createDirectory(root.resolve("mnt"));
        Posix.chmod(lower, 0777);
        Files.writeString(lower.resolve("held.txt"), "cached by the client\n");
        mount = HandlefsMount.start(lower.toString(), root.resolve("mnt").toString(), MountOptions.defaults().sharedWithSmb(),
                Optional.empty());
        UserDatabase users = UserDatabase.empty().with(new UserDatabase.User("bob", 0, 0, NtlmCrypto.ntHash("pw")));
        server = SmbServer.start(SmbConfig.defaults(List.of(new ShareConfig("both", "/", false, false, false)), users)
                .withPort("127.0.0.1", PORT).withBreakTimeout(Duration.ofSeconds(20)), mount.export());
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (mount != null) {
            mount.close();
        }
        if (root != null) {
            Posix.removeTree(root);
        }
    }

    @Test
    void aWritingOpenThroughFuseWaitsForTheBreakAck() throws Exception {
        Path file = root.resolve("mnt/held.txt");
        try (SmbTestClient client = bob()) {
            LeaseContext granted = openWithLease(client, "held.txt", KEY, RWH);
            assertEquals(RWH, granted.leaseState());

            Process writer = new ProcessBuilder("sh", "-c", "echo appended >> '" + file + "'").start();
            LeaseBreakNotification b = client.awaitLeaseBreak();
            assertEquals(RWH, b.currentState());
            assertEquals(0, b.newState(), "a writing open leaves the client nothing to cache");
            assertEquals(LeaseBreakNotification.FLAG_ACK_REQUIRED, b.flags());
            assertFalse(writer.waitFor(1, TimeUnit.SECONDS), "the open goes on only after the ack");

            client.acknowledge(b);
            assertTrue(writer.waitFor(10, TimeUnit.SECONDS), "the open went on after the ack");
            assertEquals(0, writer.exitValue());
        }
        assertEquals("cached by the client\nappended\n", Files.readString(file));
    }

    @Test
    void aTruncateByPathBreaksTheLeaseToNone() throws Exception {
        Path file = root.resolve("mnt/held.txt");
        try (SmbTestClient client = bob()) {
            openWithLease(client, "held.txt", KEY, RWH);
            Process truncate = new ProcessBuilder("truncate", "-s", "5", file.toString()).start();
            LeaseBreakNotification b = client.awaitLeaseBreak();
            assertEquals(0, b.newState());
            assertFalse(truncate.waitFor(1, TimeUnit.SECONDS));
            client.acknowledge(b);
            assertTrue(truncate.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals("cache", Files.readString(file));
    }

    private static SmbTestClient bob() throws Exception {
        return SmbTestClient.connect(PORT, Guid.random().bytes(), "bob", "pw", "both");
    }

    /** Opens (or creates) a file asking for a version 1 lease on KEY in this state; the granted lease. */
    private static LeaseContext openWithLease(SmbTestClient c, String name, byte[] leaseKey, int state)
            throws Exception {
        LeaseContext asked = new LeaseContext(1, leaseKey, state, 0, new byte[16], 0);
        CreateResponse r = c.createLeased(name, READ_WRITE, SHARE_ALL, CreateRequest.OPEN_IF,
                List.of(new CreateContext(LeaseContext.NAME, asked.encode())));
        return LeaseContext.decode(CreateContext.find(r.contexts(), LeaseContext.NAME).data());
    }

    /** Opens the file for reading and writing, without caching. */
    private static FileId open(SmbTestClient c, String name) throws Exception {
        return c.create(name, READ_WRITE, SHARE_ALL, CreateRequest.OPEN, List.of()).fileId();
    }

    /** Whether a local process gets a non-blocking POSIX write lock on [start, start + length) of the file. */
    private static boolean localProcessLocks(Path file, long start, long length) {
        return Actor.root().run("out(err(fcntl.lockf, os.open(A[0], os.O_RDWR), fcntl.LOCK_EX | fcntl.LOCK_NB, "
                + "int(A[2]), int(A[1])))", file, start, length).ok().equals("OK");
    }

    @Test
    void smbByteRangeLocksAreSeenByLocalProcessesAndSeeThem() throws Exception {
        Path lower = root.resolve("lower/held.txt");
        try (SmbTestClient client = bob()) {
            FileId f = open(client, "held.txt");
            client.lock(f, 2, 4, LockRequest.EXCLUSIVE | LockRequest.FAIL_IMMEDIATELY);
            client.lock(f, 3, 1, LockRequest.SHARED | LockRequest.FAIL_IMMEDIATELY);
            assertFalse(localProcessLocks(lower, 4, 1), "the lower file holds the SMB lock");
            assertFalse(localProcessLocks(root.resolve("mnt/held.txt"), 4, 1), "and so does the FUSE mount");
            assertTrue(localProcessLocks(lower, 10, 5));
            client.lock(f, 2, 4, LockRequest.UNLOCK);
            assertFalse(localProcessLocks(lower, 3, 1), "the stacked shared lock is still held");
            assertTrue(localProcessLocks(lower, 2, 1));
            client.lock(f, 3, 1, LockRequest.UNLOCK);
            assertTrue(localProcessLocks(lower, 0, 10));

            Process holder = new ProcessBuilder("python3", "-c", "import fcntl, os, sys, time\n"
                    + "fd = os.open(sys.argv[1], os.O_RDWR)\n"
                    + "fcntl.lockf(fd, fcntl.LOCK_EX, 2, 0)\nprint('locked', flush=True)\ntime.sleep(30)\n",
                    lower.toString()).start();
            try {
                assertEquals("locked", new String(holder.getInputStream().readNBytes(6)));
                assertEquals(NtStatus.LOCK_NOT_GRANTED, assertThrows(SmbTestClient.Refused.class,
                        () -> client.lock(f, 1, 1, LockRequest.SHARED | LockRequest.FAIL_IMMEDIATELY)).status);
                client.lock(f, 5, 1, LockRequest.SHARED | LockRequest.FAIL_IMMEDIATELY);
                // A lock that may wait is granted once the local process lets go (it ends 1.5 s from now).
                Thread killer = new Thread(() -> {
                    try {
                        Thread.sleep(1500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    holder.destroy();
                });
                long start = System.nanoTime();
                killer.start();
                client.lock(f, 0, 2, LockRequest.EXCLUSIVE);
                assertTrue(System.nanoTime() - start > 1_000_000_000L, "the lock waited for the local one");
                killer.join();
            } finally {
                holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aReadingOpenLeavesReadCaching() throws Exception {
        Path file = root.resolve("mnt/held.txt");
        try (SmbTestClient client = bob()) {
            openWithLease(client, "held.txt", KEY, RWH);
            Process reader = new ProcessBuilder("cat", file.toString()).start();
            LeaseBreakNotification b = client.awaitLeaseBreak();
            assertEquals(1, b.newState(), "R stays: the reader only needs the client's writes flushed");
            assertFalse(reader.waitFor(1, TimeUnit.SECONDS));
            client.acknowledge(b);
            assertTrue(reader.waitFor(10, TimeUnit.SECONDS));
            assertEquals("cached by the client\n", new String(reader.getInputStream().readAllBytes()));
        }
    }
}
