package io.handlefs.smb;

import io.handlefs.inode.MemoryNodeTable;
import io.handlefs.lookup.Export;
import io.handlefs.lookup.ExportOptions;
import io.handlefs.smb.auth.NtlmCrypto;
import io.handlefs.smb.auth.UserDatabase;
import io.handlefs.sys.RawNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server on 127.0.0.1 driven by Samba's smbclient: SMB2 and SMB3, plain, signed and
 * encrypted; every operation checked against the lower files, which belong to the mapped user.
 */
class SmbClientTest {
    static final int PORT = 15251;
    static final int UID = 1000;
    static final int GID = 1000;

    @TempDir
    Path tmp;
    Path exportDir;
    Export export;
    SmbServer server;
    SambaClient client;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(SambaClient.installed() || System.getenv("CI") != null, "smbclient not installed");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        exportDir = Files.createDirectory(tmp.resolve("export"));
        Files.writeString(exportDir.resolve("hello.txt"), "hello from handlefs\n");
        Files.createDirectory(exportDir.resolve("docs"));
        Files.writeString(exportDir.resolve("docs/a.txt"), "a\n");
        chownTree(exportDir);
        export = Export.open(RawNames.fromUnicode(exportDir.toString()), ExportOptions.defaults(), new MemoryNodeTable());
        serve(false, false);
        client = new SambaClient(tmp, PORT, "alice", "s3cret");
    }

    private void serve(boolean signingRequired, boolean encryptSessions) {
        if (server != null) {
            server.close();
        }
        UserDatabase users = UserDatabase.empty().with(new UserDatabase.User("alice", UID, GID, NtlmCrypto.ntHash("s3cret")));
        SmbConfig config = new SmbConfig("127.0.0.1", PORT, List.of(new ShareConfig("data", "/", false, false, false),
                new ShareConfig("secure", "/", false, true, false), new ShareConfig("ro", "/", true, false, false)),
                users, "HANDLEFS", "WORKGROUP", signingRequired, encryptSessions, 16, SmbConfig.DEFAULT_MAX_FRAME,
                Duration.ofMinutes(2));
        server = SmbServer.start(config, export);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (export != null) {
            export.close();
        }
    }

    private static void chownTree(Path dir) throws Exception {
        SambaClient.Result r = SambaClient.exec(List.of("chown", "-R", UID + ":" + GID, dir.toString()), null);
        assertEquals(0, r.exit(), r.output());
    }

    private SambaClient.Result ok(String share, String commands, String... options) throws Exception {
        SambaClient.Result r = client.run(share, commands, options);
        assertEquals(0, r.exit(), r.output());
        assertFalse(r.output().contains("NT_STATUS_"), r.output());
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"SMB2_02", "SMB2_10", "SMB3_00", "SMB3_02", "SMB3_11"})
    void listsEveryDialect(String dialect) throws Exception {
        SambaClient.Result r = ok("data", "ls", "-m", dialect, "--option=clientminprotocol=" + dialect);
        assertTrue(r.output().contains("hello.txt"), r.output());
        assertTrue(r.output().contains("docs"), r.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "sign", "encrypt"})
    void putGetRenameDelete(String protection) throws Exception {
        Path local = Files.createDirectory(tmp.resolve("local-" + protection));
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(big);
        Files.write(local.resolve("big.bin"), big);
        String p = "--client-protection=" + protection;
        ok("data", "lcd " + local + "; put big.bin; mkdir newdir; rename big.bin newdir\\moved.bin; ls newdir\\*", "-m", "SMB3", p);
        Path moved = exportDir.resolve("newdir/moved.bin");
        assertTrue(java.util.Arrays.equals(big, Files.readAllBytes(moved)));
        assertEquals(UID, (int) Files.getAttribute(moved, "unix:uid"));
        ok("data", "lcd " + local + "; get newdir\\moved.bin back.bin", "-m", "SMB3", p);
        assertTrue(java.util.Arrays.equals(big, Files.readAllBytes(local.resolve("back.bin"))));
        ok("data", "del newdir\\moved.bin; rmdir newdir", "-m", "SMB3", p);
        assertFalse(Files.exists(exportDir.resolve("newdir")));
    }

    @Test
    void changeNotifyOnADirectoryEndsWhenANameInItChanges() throws Exception {
        // smbclient's "notify" waits on CHANGE_NOTIFY, prints what ends it and waits again, until killed.
        Process watch = new ProcessBuilder("stdbuf", "-oL", "smbclient", "//127.0.0.1/data", "-s",
                tmp.resolve("smb.conf").toString(), "-p", Integer.toString(PORT), "-U", "alice%s3cret", "-m", "SMB3",
                "-c", "notify docs").redirectErrorStream(true).start();
        try {
            watch.getOutputStream().close();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(watch.getInputStream(),
                    StandardCharsets.UTF_8)).lines().forEach(lines::add));
            reader.setDaemon(true);
            reader.start();
            assertNull(lines.poll(2, TimeUnit.SECONDS), "CHANGE_NOTIFY ended before anything changed");
            ok("data", "mkdir docs\\made", "-m", "SMB3");
            String line = lines.poll(10, TimeUnit.SECONDS);
            assertNotNull(line, "CHANGE_NOTIFY still waiting after a mkdir in its directory");
            assertTrue(line.contains("NOTIFY_ENUM_DIR"), line);
        } finally {
            watch.destroyForcibly();
            watch.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void smb2PutGet() throws Exception {
        Path local = Files.createDirectory(tmp.resolve("local"));
        Files.writeString(local.resolve("x.txt"), "over smb2\n");
        ok("data", "lcd " + local + "; put x.txt; get hello.txt h.txt", "-m", "SMB2");
        assertEquals("over smb2\n", Files.readString(exportDir.resolve("x.txt")));
        assertEquals("hello from handlefs\n", Files.readString(local.resolve("h.txt")));
    }

    @Test
    void recursiveMputMget() throws Exception {
        Path up = Files.createDirectories(tmp.resolve("up/tree/sub"));
        Files.writeString(up.resolve("one.txt"), "1");
        Files.writeString(up.getParent().resolve("two.txt"), "2");
        ok("data", "lcd " + tmp.resolve("up") + "; recurse on; prompt off; mput tree", "-m", "SMB3");
        assertEquals("1", Files.readString(exportDir.resolve("tree/sub/one.txt")));
        assertEquals("2", Files.readString(exportDir.resolve("tree/two.txt")));
        Path down = Files.createDirectory(tmp.resolve("down"));
        ok("data", "lcd " + down + "; recurse on; prompt off; mget tree", "-m", "SMB3");
        assertEquals("1", Files.readString(down.resolve("tree/sub/one.txt")));
    }

    @Test
    void listsShares() throws Exception {
        SambaClient.Result r = client.list("-m", "SMB3");
        assertTrue(r.output().contains("data"), r.output());
        assertTrue(r.output().contains("secure"), r.output());
        assertTrue(r.output().contains("IPC$"), r.output());
    }

    @Test
    void encryptedShareNeedsEncryption() throws Exception {
        SambaClient.Result r = ok("secure", "ls", "-m", "SMB3");
        assertTrue(r.output().contains("hello.txt"), r.output());
        SambaClient.Result smb2 = client.run("secure", "ls", "-m", "SMB2");
        assertTrue(smb2.output().contains("NT_STATUS_ACCESS_DENIED"), smb2.output());
    }

    @Test
    void namesAndPathsGetWindowsStatuses() throws Exception {
        ok("data", "get HELLO.TXT " + tmp.resolve("upper.txt"), "-m", "SMB3");
        assertEquals("hello from handlefs\n", Files.readString(tmp.resolve("upper.txt")));
        SambaClient.Result missing = client.run("data", "get nothere.txt " + tmp.resolve("x"), "-m", "SMB3");
        assertTrue(missing.output().contains("NT_STATUS_OBJECT_NAME_NOT_FOUND"), missing.output());
        SambaClient.Result noDir = client.run("data", "get nodir\\a.txt " + tmp.resolve("x"), "-m", "SMB3");
        assertTrue(noDir.output().contains("NT_STATUS_OBJECT_PATH_NOT_FOUND"), noDir.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SMB2_10", "SMB3"})
    void requiredSigningAndEncryptedSessions(String dialect) throws Exception {
        serve(true, dialect.equals("SMB3"));
        SambaClient.Result r = ok("data", "ls", "-m", dialect);
        assertTrue(r.output().contains("hello.txt"), r.output());
    }

    @Test
    void hardLinksAttributesAndInfo() throws Exception {
        ok("data", "hardlink hello.txt docs\\same.txt; setmode hello.txt +h", "-m", "SMB3");
        assertEquals(Files.getAttribute(exportDir.resolve("hello.txt"), "unix:ino"),
                Files.getAttribute(exportDir.resolve("docs/same.txt"), "unix:ino"));
        assertTrue(ok("data", "ls hello.txt", "-m", "SMB3").output().contains(" AH "));
        SambaClient.Result info = client.run("data", "allinfo docs\\same.txt", "-m", "SMB3");
        assertTrue(info.output().contains("stream: [::$DATA], 20 bytes"), info.output());
    }

    @Test
    void readOnlyShareRefusesWrites() throws Exception {
        Path local = Files.createDirectory(tmp.resolve("ro-local"));
        Files.writeString(local.resolve("n.txt"), "no");
        SambaClient.Result r = client.run("ro", "lcd " + local + "; put n.txt; mkdir d", "-m", "SMB3");
        assertTrue(r.output().contains("NT_STATUS_ACCESS_DENIED"), r.output());
        assertFalse(Files.exists(exportDir.resolve("n.txt")));
        assertFalse(Files.exists(exportDir.resolve("d")));
        assertTrue(ok("ro", "ls", "-m", "SMB3").output().contains("hello.txt"));
    }

    @Test
    void wrongPasswordRefused() throws Exception {
        SambaClient bad = new SambaClient(tmp, PORT, "alice", "wrong");
        SambaClient.Result r = bad.run("data", "ls", "-m", "SMB3");
        assertTrue(r.exit() != 0, r.output());
        assertTrue(r.output().contains("NT_STATUS_LOGON_FAILURE"), r.output());
        SambaClient.Result nobody = new SambaClient(tmp, PORT, "mallory", "x").run("data", "ls", "-m", "SMB3");
        assertTrue(nobody.output().contains("NT_STATUS_LOGON_FAILURE"), nobody.output());
    }
}
