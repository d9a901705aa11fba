package io.handlefs.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        Posix.removeTree(dir);
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

    /**
     * kill -9 in the middle of a create/unlink churn: after the restart every surviving file opens
     * by the handle taken when it was made (same node ID and generation: a fresh lookup gives the
     * same handle), and no deleted file's handle resolves.
     */
    @Test
    void killDuringCreateUnlinkChurn() throws Exception {
        daemon = start();
        Path churnDir = Files.createDirectory(mnt.resolve("churn"));
        Path log = dir.resolve("churn.log");
        Actor.Running churn = root.start("""
                d, log = A[0], open(A[1], 'w', buffering=1)
                i = 0
                while True:
                    p = os.path.join(d, 'f%d' % i)
                    with open(p, 'w') as f:
                        f.write('f%d' % i)
                    log.write('C %d %s\\n' % (i, handle_of(p)))
                    if i % 3 == 2:
                        os.unlink(os.path.join(d, 'f%d' % (i - 2)))
                        log.write('D %d\\n' % (i - 2))
                    i += 1
                """, churnDir, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(log) || Files.readAllLines(log).size() < 600) {
            if (!churn.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the churn stopped early: " + churn.await(Actor.TIMEOUT).describe());
            }
            Thread.sleep(20);
        }
        daemon.kill();
        churn.await(Actor.TIMEOUT); // it dies on the dead mount
        daemon.detach();
        daemon = start();

        Map<String, String> created = new LinkedHashMap<>();
        Set<String> deleted = new HashSet<>();
        for (String line : Files.readAllLines(log)) {
            String[] f = line.split(" ", 3);
            if (f[0].equals("C") && f.length == 3) {
                created.put("f" + f[1], f[2]);
            } else if (f[0].equals("D") && f.length == 2) {
                deleted.add("f" + f[1]);
            }
        }
        List<String> args = new ArrayList<>(List.of(mnt.toString(), churnDir.toString()));
        created.forEach((name, handle) -> {
            args.add(name);
            args.add(handle);
        });
        List<String> results = root.run(OPENED + """
                mnt, d = A[0], A[1]
                for name, h in zip(A[2::2], A[3::2]):
                    now = handle_of(os.path.join(d, name)) if os.path.lexists(os.path.join(d, name)) else '-'
                    out(name, opened(mnt, h), 'same' if now == h else now)
                """, args.toArray()).lines();
        int survivors = 0;
        for (String r : results) {
            String[] f = r.split(" ");
            String name = f[0];
            if (deleted.contains(name)) {
                assertTrue(f[1].equals("ESTALE") || f[1].equals("ENOENT"), "deleted " + r);
            } else if (Files.exists(src.resolve("churn").resolve(name))) {
                survivors++;
                assertEquals(name + " " + name + " same", r, "survivor by its old handle and node ID");
            } else {
                // Its unlink was in flight at the kill (done, not yet logged): gone, so stale.
                assertTrue(f[1].equals("ESTALE") || f[1].equals("ENOENT"), "unlinked at the kill " + r);
            }
        }
        assertTrue(survivors >= 300 && deleted.size() >= 150, survivors + " survivors, " + deleted.size() + " deleted");
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
