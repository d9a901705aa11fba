package io.handlefs.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handlefs.fuse.MountOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The inode-reuse scenario. The kernel keeps a dentry for file A (so it holds A's node ID), A is
 * unlinked on the lower filesystem behind the mount's back, and new files are created there until
 * the lower filesystem (ext4 reuses freed inodes at once) gives one of them A's inode number.
 * A daemon keyed by inode number would now serve the new file under A's node; handlefs keys nodes
 * by the full handle (inode and generation), so A's node is stale and the new file has its own.
 *
 * <p>Node IDs are read from outside with name_to_handle_at on the mount: with EXPORT_SUPPORT the
 * kernel's FUSE file handle carries the node ID (type 0x81: node ID high, low, generation).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InodeReuseTest {

    private static final int MAX_CREATES = 5000;

    private MountFixture fx;
    private final Actor root = Actor.root();

    @BeforeEach
    void setUp() throws Exception {
        // Names stay cached for a minute (the kernel keeps A's node), attributes not at all (every
        // stat asks the daemon).
        fx = MountFixture.create("reuse", MountOptions.defaults().with("entry_timeout=60,attr_timeout=0"));
        Assumptions.assumeTrue(fx.mount() != null, "the scenario is about the daemon's node table");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void aReusedInodeNumberGetsANewNodeAndTheOldNodeIsStale() throws Exception {
        Path mntDir = fx.newDir("d");
        Path lowerDir = fx.lower().resolve("d");
        Path mntA = mntDir.resolve("A");
        Files.writeString(mntA, "content of A");

        List<String> before = root.run("""
                st = os.stat(A[0])
                out(st.st_ino)
                out(fuse_node(handle_of(A[0])))
                """, mntA).lines();
        long inoA = Long.parseLong(before.get(0));
        String nodeA = before.get(1);

        // The daemon's cached O_PATH fd would pin A's inode; drop it as pruning would.
        fx.mount().export().dropCachedFds();
        Files.delete(lowerDir.resolve("A"));
        Path lowerB = null;
        for (int i = 0; i < MAX_CREATES && lowerB == null; i++) {
            Path candidate = lowerDir.resolve("B" + i);
            Files.writeString(candidate, "content of B" + i);
            if ((Long) Files.getAttribute(candidate, "unix:ino") == inoA) {
                lowerB = candidate;
            }
        }
        assertTrue(lowerB != null, "the lower filesystem did not reuse inode " + inoA + " in "
                + MAX_CREATES + " creates (is java.io.tmpdir on ext4?)");
        String nameB = lowerB.getFileName().toString();

        List<String> after = root.run("""
                out(err(os.stat, A[0]))
                st = os.stat(A[1])
                out(st.st_ino)
                out(fuse_node(handle_of(A[1])))
                out(open(A[1]).read())
                """, mntA, mntDir.resolve(nameB)).lines();
        assertTrue(List.of("ESTALE", "ENOENT").contains(after.get(0)), "A's old node answers " + after.get(0));
        assertEquals(inoA, Long.parseLong(after.get(1)), "B really has A's old inode number");
        assertNotEquals(nodeA.split(" ")[0], after.get(2).split(" ")[0], "B must not get A's node ID");
        assertEquals("content of " + nameB, after.get(3));
    }

    @Test
    void aFuseHandleOfTheOldFileDoesNotOpenTheNewOne() throws Exception {
        Path mntDir = fx.newDir("h");
        Path lowerDir = fx.lower().resolve("h");
        Path mntA = mntDir.resolve("A");
        Files.writeString(mntA, "content of A");
        long inoA = (Long) Files.getAttribute(lowerDir.resolve("A"), "unix:ino");

        // A's FUSE file handle leaves the kernel as bytes (as an NFS server keeps it) and is
        // opened again by another process.
        String handleA = root.run("out(handle_of(A[0]))", mntA).ok();
        String open = """
                r = open_handle(A[0], A[1])
                out(r if isinstance(r, str) else 'OK')
                """;
        assertEquals("OK", root.run(open, fx.mnt(), handleA).ok(), "the handle opens A while A exists");

        fx.mount().export().dropCachedFds();
        Files.delete(lowerDir.resolve("A"));
        boolean reused = false;
        for (int i = 0; i < MAX_CREATES && !reused; i++) {
            Path candidate = lowerDir.resolve("B" + i);
            Files.writeString(candidate, "content of B" + i);
            reused = (Long) Files.getAttribute(candidate, "unix:ino") == inoA;
        }
        assertTrue(reused, "the lower filesystem did not reuse inode " + inoA);

        assertEquals("ESTALE", root.run(open, fx.mnt(), handleA).ok());
    }
}
