package io.handlefs.tests;

import io.handlefs.smb.auth.NtlmCrypto;
import io.handlefs.smb.auth.UserDatabase;
import io.handlefs.smb.mssmb2.CreateContext;
import io.handlefs.smb.mssmb2.CreateRequest;
import io.handlefs.smb.mssmb2.CreateResponse;
import io.handlefs.smb.mssmb2.DurableHandleReconnectV2;
import io.handlefs.smb.mssmb2.DurableHandleRequestV2;
import io.handlefs.smb.mssmb2.DurableHandleResponseV2;
import io.handlefs.smb.mssmb2.FileId;
import io.handlefs.smb.mssmb2.Guid;
import io.handlefs.smb.mssmb2.LeaseContext;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.server.lease.LeaseState;
import io.handlefs.smb.server.lease.OplockLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Persistent handles on a continuously available share survive kill -9 of the server: a client
 * holds them (DH2Q persistent), locks ranges and streams writes; the daemon is killed in the
 * middle of the stream and restarted; the client reconnects with DH2C and finds every
 * acknowledged write, its locks in force against a second client, its lease as it was granted
 * (state and epoch), and the second client's
 * conflicting open refused until the timeout of an open nobody reclaims, after which everything
 * of that open is released. Also: a rename through the FUSE mount while the handle is
 * disconnected does not lose the file.
 */
@Timeout(value = 170, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PersistentHandleCrashTest {
    private static final int PORT = 15120;
    private static final int CYCLES = 20;
    private static final int READ_WRITE = 0x1 | 0x2;         // FILE_READ_DATA | FILE_WRITE_DATA
    private static final int SHARE_READ_WRITE = 0x1 | 0x2;
    /** Lease state read, handle and write caching. */
    private static final int RWH = LeaseState.ALL;
    private static final int SHARE_NONE = 0;
    private static final long HELD_MS = 60_000;
    /** Long enough for the second client to try within it after a restart, short enough for 20 cycles. */
    private static final long ABANDONED_MS = 1_500;
    private static final long PORT_TIMEOUT_MS = 30_000;
    /** The daemon restarts 21 times: C1 only and the serial collector start it in a third of the time. */
    private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private Path dir;
    private Path src;
    private Path mnt;
    private Path jar;
    private DaemonProcess daemon;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("handlefs-persistent-");
        src = Files.createDirectory(dir.resolve("src"));
        mnt = Files.createDirectory(dir.resolve("mnt"));
        Posix.chmod(src, 0777);
        jar = DaemonProcess.jarIn(dir);
        Path state = Files.createDirectory(dir.resolve("state"));
        UserDatabase.empty()
                .with(new UserDatabase.User("alice", 0, 0, NtlmCrypto.ntHash("alice-pw")))
                .with(new UserDatabase.User("bob", 0, 0, NtlmCrypto.ntHash("bob-pw")))
                .save(state.resolve(UserDatabase.FILE_NAME));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (daemon != null) {
                daemon.close();
                String log = daemon.log();
                if (log.contains(" ERROR ")) {
                    System.out.println("daemon log with errors:\n" + log);
                }
            }
        } finally {
            Posix.removeTree(dir);
        }
    }

    private void startDaemon() throws Exception {
        daemon = DaemonProcess.mount(List.of(), FAST_START, jar, dir.resolve("daemon.log"), List.of("--state-dir",
                dir.resolve("state").toString(), "--smb-port", Integer.toString(PORT), "--share", "ca=.", "--ca", "ca"),
                src, mnt);
        awaitPort();
    }

    private void awaitPort() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PORT_TIMEOUT_MS);
        while (!LocalPorts.accepts(PORT)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("SMB port " + PORT + " not open; log:\n" + daemon.log());
            }
            Thread.sleep(20);
        }
    }

    private void crashAndRestart() throws Exception {
        daemon.kill();
        daemon.detach();
        startDaemon();
    }

    private static SmbTestClient alice(byte[] clientGuid) throws IOException {
        return SmbTestClient.connect(PORT, clientGuid, "alice", "alice-pw", "ca");
    }

    private static SmbTestClient bob() throws IOException {
        return SmbTestClient.connect(PORT, Guid.random().bytes(), "bob", "bob-pw", "ca");
    }

    private static CreateResponse openPersistent(SmbTestClient c, String name, int share, Guid guid, long timeoutMs)
            throws IOException {
        CreateResponse r = c.create(name, READ_WRITE, share, CreateRequest.OPEN_IF, List.of(dh2q(timeoutMs, guid)));
        CreateContext granted = CreateContext.find(r.contexts(), DurableHandleRequestV2.NAME);
        assertNotNull(granted, "no durable handle granted for " + name);
        assertEquals(new DurableHandleResponseV2(timeoutMs, DurableHandleRequestV2.FLAG_PERSISTENT),
                DurableHandleResponseV2.decode(granted.data()));
        return r;
    }

    /** A persistent open holding an RWH lease (version 2) under {@code leaseKey}: the lease granted, as it came. */
    private static LeaseContext openLeased(SmbTestClient c, String name, Guid guid, byte[] leaseKey, FileId[] id)
            throws IOException {
        CreateResponse r = c.createLeased(name, READ_WRITE, SHARE_READ_WRITE, CreateRequest.OPEN_IF, List.of(
                dh2q(HELD_MS, guid), lease(leaseKey).context()));
        assertNotNull(CreateContext.find(r.contexts(), DurableHandleRequestV2.NAME), "no persistent handle for " + name);
        id[0] = r.fileId();
        return leaseOf(r);
    }

    private static LeaseContext lease(byte[] key) {
        return new LeaseContext(2, key, RWH, 0, new byte[16], 0);
    }

    private static LeaseContext leaseOf(CreateResponse r) {
        assertEquals(OplockLevel.LEASE, r.oplockLevel(), "no lease in the response");
        return LeaseContext.decode(CreateContext.find(r.contexts(), LeaseContext.NAME).data());
    }

    /** The reconnect of a leased persistent open (DH2C and the lease, as a client sends them): the lease it finds. */
    private static LeaseContext reconnectLeased(SmbTestClient c, String name, FileId id, Guid guid, byte[] leaseKey)
            throws IOException {
        CreateResponse r = c.createLeased(name, READ_WRITE, SHARE_READ_WRITE, CreateRequest.OPEN, List.of(
                dh2c(id, guid), lease(leaseKey).context()));
        assertEquals(id, r.fileId());
        return leaseOf(r);
    }

    private static FileId reconnect(SmbTestClient c, String name, FileId id, Guid guid) throws IOException {
        return c.create(name, READ_WRITE, SHARE_NONE, CreateRequest.OPEN, List.of(dh2c(id, guid))).fileId();
    }

    /** A persistent handle asked for. */
    private static CreateContext dh2q(long timeoutMs, Guid guid) {
        return new DurableHandleRequestV2(timeoutMs, DurableHandleRequestV2.FLAG_PERSISTENT, guid).context();
    }

    /** The reconnect of a persistent handle. */
    private static CreateContext dh2c(FileId id, Guid guid) {
        return new DurableHandleReconnectV2(id, guid, DurableHandleRequestV2.FLAG_PERSISTENT).context();
    }

    private static NtStatus refusal(SmbTestClient.Action action) {
        return assertThrows(SmbTestClient.Refused.class, action::run).status;
    }

    /** One 4 KiB block per write, each filled with its own number, so a lost or torn one shows. */
    private static byte[] block(int cycle, int n) {
        byte[] b = new byte[4096];
        Arrays.fill(b, (byte) (cycle * 31 + n));
        return b;
    }

    @Test
    void persistentHandlesLocksAndWritesSurviveKillNine() throws Exception {
        startDaemon();
        assertTrue(daemon.log().contains("locks: OFD locks on the lower files"),
                "beside SMB the mount keeps its locks where SMB sees them; log:\n" + daemon.log());
        long started = System.nanoTime();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            byte[] clientGuid = Guid.random().bytes();
            Guid heldGuid = Guid.random();
            Guid abandonedGuid = Guid.random();
            String held = "held" + cycle;
            String abandoned = "abandoned" + cycle;
            String leased = "leased" + cycle;
            Guid leasedGuid = Guid.random();
            byte[] leaseKey = Guid.random().bytes();
            FileId[] leasedId = new FileId[1];
            int grantedEpoch;
            List<Integer> acknowledged = new ArrayList<>();
            FileId heldId;
            FileId abandonedId;
            try (SmbTestClient a = alice(clientGuid)) {
                heldId = openPersistent(a, held, SHARE_READ_WRITE, heldGuid, HELD_MS).fileId();
                a.lock(heldId, 0, 10);
                abandonedId = openPersistent(a, abandoned, SHARE_NONE, abandonedGuid, ABANDONED_MS).fileId();
                a.lock(abandonedId, 0, 10);
                LeaseContext granted = openLeased(a, leased, leasedGuid, leaseKey, leasedId);
                assertEquals(RWH, granted.leaseState(), "the lease asked for");
                grantedEpoch = granted.epoch();
                // The server is killed from another thread while writes stream in; each write
                // acknowledged before the connection broke must be on disk after the restart.
                int killAfter = 5 + cycle * 3;
                Thread killer = null;
                for (int n = 0; ; n++) {
                    if (n == killAfter) {
                        killer = new Thread(() -> {
                            try {
                                daemon.kill();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
                        killer.start();
                    }
                    try {
                        assertEquals(4096, a.write(heldId, 4096L * n, block(cycle, n)));
                    } catch (IOException broken) {
                        break;
                    }
                    acknowledged.add(n);
                    assertTrue(n < killAfter + 100_000, "writes still acknowledged long after the kill");
                }
                killer.join(TimeUnit.SECONDS.toMillis(15));
            }
            assertTrue(acknowledged.size() >= 5 + cycle * 3, "cycle " + cycle + ": " + acknowledged.size() + " writes");
            daemon.detach();
            startDaemon();

            try (SmbTestClient b = bob(); SmbTestClient a = alice(clientGuid)) {
                // Before the owner is back: its share modes and locks hold.
                assertEquals(NtStatus.SHARING_VIOLATION, refusal(() ->
                        b.create(abandoned, READ_WRITE, SHARE_READ_WRITE, CreateRequest.OPEN, List.of())));
                FileId bobsHeld = b.create(held, READ_WRITE, SHARE_READ_WRITE, CreateRequest.OPEN, List.of()).fileId();
                assertEquals(NtStatus.LOCK_NOT_GRANTED, refusal(() -> b.lock(bobsHeld, 5, 1)));
                assertEquals(NtStatus.ACCESS_DENIED, refusal(() -> reconnect(b, held, heldId, heldGuid)),
                        "another user reclaims nothing");

                assertEquals(heldId, reconnect(a, held, heldId, heldGuid));
                for (int n : acknowledged) {
                    assertArrayEquals(block(cycle, n), a.read(heldId, 4096L * n, 4096),
                            "cycle " + cycle + ": acknowledged write " + n + " lost");
                }
                assertEquals(NtStatus.LOCK_NOT_GRANTED, refusal(() -> b.lock(bobsHeld, 0, 1)),
                        "the reclaimed open keeps its lock");
                LeaseContext back = reconnectLeased(a, leased, leasedId[0], leasedGuid, leaseKey);
                assertEquals(RWH, back.leaseState(), "cycle " + cycle + ": the lease comes back as granted");
                assertEquals(grantedEpoch, back.epoch(), "cycle " + cycle + ": and in the same epoch");
                a.closeFile(leasedId[0]);
                a.write(heldId, 0, new byte[] {1});

                // The abandoned open goes when its timeout expires: then its file opens and locks.
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ABANDONED_MS + 10_000);
                FileId bobsAbandoned = null;
                while (bobsAbandoned == null) {
                    try {
                        bobsAbandoned = b.create(abandoned, READ_WRITE, SHARE_NONE, CreateRequest.OPEN, List.of()).fileId();
                    } catch (SmbTestClient.Refused e) {
                        assertEquals(NtStatus.SHARING_VIOLATION, e.status);
                        assertTrue(System.nanoTime() < deadline, "the abandoned open was never released");
                        Thread.sleep(50);
                    }
                }
                b.lock(bobsAbandoned, 0, 10);
                FileId gone = abandonedId;
                assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND, refusal(() -> reconnect(a, abandoned, gone, abandonedGuid)));
                a.closeFile(heldId);
                b.closeFile(bobsHeld);
                b.closeFile(bobsAbandoned);
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        System.out.println("PersistentHandleCrashTest: " + CYCLES + " kill -9 cycles in " + seconds + " s");
    }

    @Test
    void aFileRenamedThroughFuseWhileItsHandleIsDisconnectedIsReachedOnReconnect() throws Exception {
        startDaemon();
        byte[] clientGuid = Guid.random().bytes();
        Guid guid = Guid.random();
        FileId id;
        try (SmbTestClient a = alice(clientGuid)) {
            id = openPersistent(a, "before", SHARE_READ_WRITE, guid, HELD_MS).fileId();
            a.write(id, 0, "hello ".getBytes());
        }
        // Disconnected (the socket went without a LOGOFF): renamed by a local process.
        Files.createDirectory(mnt.resolve("sub"));
        Files.move(mnt.resolve("before"), mnt.resolve("sub/after"));
        try (SmbTestClient a = alice(clientGuid)) {
            assertEquals(id, reconnect(a, "before", id, guid));
            a.write(id, 6, "world ".getBytes());
        }
        // And across a crash: renamed again while the server is down, behind its back.
        crashAndRestart();
        Files.move(src.resolve("sub/after"), src.resolve("last"));
        try (SmbTestClient a = alice(clientGuid)) {
            assertEquals(id, reconnect(a, "before", id, guid));
            a.write(id, 12, "again".getBytes());
            assertEquals("hello world again", new String(a.read(id, 0, 100)));
            a.closeFile(id);
        }
        assertEquals("hello world again", Files.readString(mnt.resolve("last")));
    }
}
