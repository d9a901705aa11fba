package io.handlefs.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node IDs survive a crash of the daemon: kernel file handles taken on the old mount (what an
 * NFS server re-exporting it keeps) open the same files on the mount of the restarted daemon,
 * also after the files were renamed; a handle of a file deleted meanwhile answers ESTALE.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RestartTest {

    /** opened(mnt, h): the first line of the file a handle opens, the listing of a directory, or the errno. */
    private static final String OPENED = """
            def opened(mnt, text):
                fd = open_handle(mnt, text)
                if isinstance(fd, str):
                    return fd
                try:
                    if stat.S_ISDIR(os.fstat(fd).st_mode):
                        return ','.join(sorted(os.listdir(fd)))
                    return os.read(fd, 100).decode().strip()
                finally:
                    os.close(fd)
            """;

    private final Actor root = Actor.root();
    private Path dir;
    private Path src;
    private Path mnt;
    private Path jar;
    private DaemonProcess daemon;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("handlefs-restart-");
        src = Files.createDirectory(dir.resolve("src"));
        mnt = Files.createDirectory(dir.resolve("mnt"));
        jar = DaemonProcess.jarIn(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        new ProcessBuilder("rm", "-rf", "--one-file-system", "--", dir.toString()).start().waitFor(30, TimeUnit.SECONDS);
    }

    private DaemonProcess start() throws Exception {
        return DaemonProcess.mount(List.of(), jar, dir.resolve("daemon.log"),
                List.of("--state-dir", dir.resolve("state").toString()), src, mnt);
    }

    @Test
    void kernelHandlesOpenTheSameFilesAfterKillAndRestart() throws Exception {
        daemon = start();
        Files.createDirectories(mnt.resolve("a/b"));
        Files.writeString(mnt.resolve("a/b/kept"), "kept file");
        Files.writeString(mnt.resolve("a/b/moved"), "moved file");
        Files.writeString(mnt.resolve("a/doomed"), "doomed file");
        List<String> handles = root.run("""
                for p in A:
                    out(handle_of(p))
                """, mnt.resolve("a/b/kept"), mnt.resolve("a/b/moved"), mnt.resolve("a/doomed"), mnt.resolve("a/b"))
                .lines();

        daemon.kill();
        daemon.detach();
        // While no daemon runs, the tree changes underneath.
        Files.move(src.resolve("a/b/moved"), src.resolve("moved-to-top"));
        Files.delete(src.resolve("a/doomed"));
        daemon = start();

        assertEquals("""
                kept file
                moved file
                ESTALE
                kept""", root.run(OPENED + """
                for h in A[1:]:
                    out(opened(A[0], h))
                """, mnt, handles.get(0), handles.get(1), handles.get(2), handles.get(3)).ok());
        assertEquals("kept file", Files.readString(mnt.resolve("a/b/kept")), "paths work as before");
    }

    @Test
    void aCleanUnmountAndRemountKeepsNodeIds() throws Exception {
        daemon = start();
        Files.writeString(mnt.resolve("f"), "same node");
        String before = root.run("out(handle_of(A[0]))", mnt.resolve("f")).ok();
        daemon.detach();
        assertEquals(0, daemon.awaitExit(java.time.Duration.ofSeconds(20)), daemon.log());

        daemon = start();
        assertEquals(before, root.run("out(handle_of(A[0]))", mnt.resolve("f")).ok(),
                "the same node ID and generation for the same file");
        assertEquals("same node", root.run(OPENED + "out(opened(A[0], A[1]))", mnt, before).ok());
    }
}
