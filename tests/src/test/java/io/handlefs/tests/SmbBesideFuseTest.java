package io.handlefs.tests;

import io.handlefs.fuse.HandlefsMount;
import io.handlefs.fuse.MountOptions;
import io.handlefs.smb.ShareConfig;
import io.handlefs.smb.SmbConfig;
import io.handlefs.smb.SmbServer;
import io.handlefs.smb.auth.NtlmCrypto;
import io.handlefs.smb.auth.UserDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SMB server and the FUSE mount in one process on one export: what one view writes, the
 * other reads, and a rename through SMB is seen through FUSE — at once, even where the kernel
 * was told to cache names and attributes for an hour (the daemon invalidates them).
 */
class SmbBesideFuseTest {
    private static final int PORT = 15252;
    /** Kernel caches that outlive every test: only an invalidation can make them see a change. */
    private static final String LONG_CACHE = "attr_timeout=3600,entry_timeout=3600";
    private static final long SEEN_WITHIN_MS = 2000;

    private Path root;
    private HandlefsMount mount;
    private SmbServer server;

    @BeforeEach
    void checkSmbclient() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/smbclient")) || System.getenv("CI") != null,
                "smbclient not installed");
    }

    /** Mounts a fresh export with these mount options and serves it over SMB too. */
    private void start(String options) throws Exception {
        root = Files.createTempDirectory("handlefs-smb-fuse-");
        Posix.chmod(root, 0755);
        Path lower = Files.createDirectory(root.resolve("lower"));
        Files.createDirectory(root.resolve("mnt"));
        Posix.chmod(lower, 0777);
        mount = HandlefsMount.start(lower.toString(), root.resolve("mnt").toString(),
                MountOptions.defaults().with(options), java.util.Optional.empty());
        UserDatabase users = UserDatabase.empty().with(new UserDatabase.User("bob", 0, 0, NtlmCrypto.ntHash("pw")));
        SmbConfig config = SmbConfig.defaults(List.of(new ShareConfig("both", "/", false, false, false)), users)
                .withPort("127.0.0.1", PORT);
        server = SmbServer.start(config, mount.export());
        Files.writeString(root.resolve("smb.conf"), "[global]\n");
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

    private String smbclient(String commands) throws Exception {
        Process p = new ProcessBuilder("smbclient", "//127.0.0.1/both", "-s", root.resolve("smb.conf").toString(),
                "-p", Integer.toString(PORT), "-U", "bob%pw", "-m", "SMB3", "-c", commands)
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "smbclient timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void writesThroughOneViewAreReadThroughTheOther() throws Exception {
        start("");
        Path mnt = root.resolve("mnt");
        Path local = Files.createDirectory(root.resolve("local"));
        Files.writeString(local.resolve("from-smb.txt"), "written over SMB\n");
        smbclient("lcd " + local + "; put from-smb.txt; mkdir dir; rename from-smb.txt dir\\moved.txt");
        assertEquals("written over SMB\n", Files.readString(mnt.resolve("dir/moved.txt")));

        Files.writeString(mnt.resolve("dir/from-fuse.txt"), "written through FUSE\n");
        smbclient("lcd " + local + "; get dir\\from-fuse.txt back.txt");
        assertEquals("written through FUSE\n", Files.readString(local.resolve("back.txt")));
        assertTrue(smbclient("ls dir\\*").contains("from-fuse.txt"));
    }

    /** Polls a condition that the invalidation makes true at once; bounded, not a sleep. */
    private static void seenWithin(String what, java.util.concurrent.Callable<Boolean> check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SEEN_WITHIN_MS);
        while (!check.call()) {
            assertTrue(System.nanoTime() < deadline, what + " not seen through the mount within " + SEEN_WITHIN_MS
                    + " ms (the kernel caches for an hour)");
            Thread.sleep(10);
        }
    }

    @Test
    void anSmbWriteIsSeenThroughTheMountDespiteLongCacheTimeouts() throws Exception {
        // The daemon's own I/O path, so the kernel keeps the file's pages across opens (KEEP_CACHE).
        start(LONG_CACHE + ",no_passthrough");
        Path mnt = root.resolve("mnt");
        Path local = Files.createDirectory(root.resolve("local"));
        Files.writeString(mnt.resolve("f.txt"), "aaaa");
        assertEquals("aaaa", Files.readString(mnt.resolve("f.txt")));
        assertEquals(4, Files.size(mnt.resolve("f.txt")));

        Files.writeString(local.resolve("same-size.txt"), "bbbb");
        smbclient("lcd " + local + "; put same-size.txt f.txt");
        seenWithin("new data of the same size", () -> Files.readString(mnt.resolve("f.txt")).equals("bbbb"));

        Files.writeString(local.resolve("longer.txt"), "cccccccc");
        smbclient("lcd " + local + "; put longer.txt f.txt");
        seenWithin("the new size", () -> Files.size(mnt.resolve("f.txt")) == 8);
        assertEquals("cccccccc", Files.readString(mnt.resolve("f.txt")));
    }

    @Test
    void anSmbRenameIsSeenThroughTheMountDespiteLongCacheTimeouts() throws Exception {
        start(LONG_CACHE);
        Path mnt = root.resolve("mnt");
        Files.writeString(mnt.resolve("old.txt"), "moved over SMB");
        assertTrue(Files.exists(mnt.resolve("old.txt")));
        smbclient("mkdir sub; rename old.txt sub\\new.txt");
        seenWithin("the old name gone", () -> !Files.exists(mnt.resolve("old.txt")));
        assertEquals("moved over SMB", Files.readString(mnt.resolve("sub/new.txt")));
        smbclient("del sub\\new.txt");
        seenWithin("the deleted name gone", () -> !Files.exists(mnt.resolve("sub/new.txt")));
    }
}
