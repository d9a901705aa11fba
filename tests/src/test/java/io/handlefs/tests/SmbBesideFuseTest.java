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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SMB server and the FUSE mount in one process on one export: what one view writes, the
 * other reads, and a rename through SMB is seen through FUSE.
 */
class SmbBesideFuseTest {
    private static final int PORT = 15252;

    private Path root;
    private HandlefsMount mount;
    private SmbServer server;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/smbclient")) || System.getenv("CI") != null,
                "smbclient not installed");
        root = Files.createTempDirectory("handlefs-smb-fuse-");
        Posix.chmod(root, 0755);
        Path lower = Files.createDirectory(root.resolve("lower"));
        Files.createDirectory(root.resolve("mnt"));
        Posix.chmod(lower, 0777);
        mount = HandlefsMount.start(lower.toString(), root.resolve("mnt").toString(), MountOptions.defaults(),
                java.util.Optional.empty());
        UserDatabase users = UserDatabase.empty().with(new UserDatabase.User("bob", 0, 0, NtlmCrypto.ntHash("pw")));
        SmbConfig config = SmbConfig.defaults(List.of(new ShareConfig("both", "/", false, false, false)), users)
                .withPort("127.0.0.1", PORT);
        server = SmbServer.start(config, mount.export());
        Files.writeString(root.resolve("smb.conf"), "[global]\n");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (mount != null) {
            mount.close();
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
}
