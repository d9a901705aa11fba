package io.handlefs.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handlefs.fuse.MountInfo;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * NFS re-export of the FUSE mount: nfs-ganesha's FSAL_VFS (name_to_handle_at /
 * open_by_handle_at on the mount, the kernel nfsd's path; this kernel has no nfsd) serves it
 * over NFSv4 on 127.0.0.1, and a libnfs client ({@code src/test/c/nfs_hold.c}) holds the NFS
 * handles of three files while the daemon is killed (-9) and restarted on the same state
 * directory, and ganesha after it.
 *
 * <p>What it shows, in order: a FUSE mount gets a new st_dev at every mount; ganesha keeps
 * fds on the dead mount, so it answers NFS4ERR_SERVERFAULT until it is restarted too; after
 * that, with {@code fsid_type = Major64} in the export's FSAL block, the held handles read
 * the same files, also one renamed while the daemon was down, and a file deleted meanwhile
 * is NFS4ERR_STALE. Without that setting (Filesystem_Id alone) every held handle is stale,
 * and over bindfs no held handle reads its own file.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NfsReexportTest {

    private static final String HELD_KEPT = "export/a/kept";
    private static final String HELD_MOVED = "export/a/b/moved";
    private static final String HELD_DOOMED = "export/a/doomed";
    private static final long ATTR_TIMEOUT_MS = 1000;
    private static final String CONTENTS = """
            kept file
            moved file
            doomed file""";

    private Path dir;
    private Path src;
    private Path mnt;
    private Path client;
    private Fuse fuse;
    private Ganesha ganesha;
    private final List<NfsHoldClient> clients = new ArrayList<>();

    /** The FUSE filesystem that ganesha exports: handlefs, or bindfs to compare. */
    private interface Fuse extends AutoCloseable {
        void start() throws Exception;

        /** SIGKILL and umount -l: the mount is gone, its files are not. */
        void crash() throws Exception;
    }

    /** What the held handles read at each step of {@link #restartScenario}. */
    private record Outcome(List<String> held, String before, MountInfo mountBefore, MountInfo mountAfter,
            String afterFuseRestart, String afterGaneshaRestart, List<String> lookedUpAgain) {}

    @BeforeEach
    void setUp() throws Exception {
        require(isRoot(), "NFS re-export tests need root (effective uid 0)");
        require(Files.exists(Path.of("/dev/fuse")), "NFS re-export tests need /dev/fuse");
        require(onPath("ganesha.nfsd") && Ganesha.pluginsDir().isPresent(),
                "NFS re-export tests need nfs-ganesha and nfs-ganesha-vfs");
        require(onPath("gcc") && Files.exists(Path.of("/usr/include/nfsc/libnfs-raw-nfs4.h")),
                "NFS re-export tests need gcc and libnfs-dev");
        dir = Files.createTempDirectory("handlefs-nfs-");
        src = Files.createDirectory(dir.resolve("src"));
        mnt = Files.createDirectory(dir.resolve("mnt"));
        client = NfsHoldClient.compile(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (NfsHoldClient c : clients) {
                c.close();
            }
            if (ganesha != null) {
                ganesha.close();
            }
        } finally {
            if (fuse != null) {
                fuse.close();
            }
            if (dir != null) {
                Posix.removeTree(dir);
            }
        }
    }

    @Test
    void heldNfsHandlesReadTheSameFilesAfterTheDaemonAndGaneshaRestart() throws Exception {
        fuse = handlefs();
        Outcome o = restartScenario(UnaryOperator.identity());

        assertEquals(CONTENTS, o.before());
        assertNotEquals(o.mountBefore().minor(), o.mountAfter().minor(), "a FUSE mount gets a new st_dev");
        // Until ganesha restarts it reads through the fds it keeps on the dead mount: a file open
        // in FUSE passthrough still reads its lower file (the kernel does it, no daemon needed),
        // others answer ENOTCONN (NFS4ERR_SERVERFAULT). Either way ganesha must be restarted.
        List<String> interim = o.afterFuseRestart().lines().toList();
        List<String> old = CONTENTS.lines().toList();
        for (int i = 0; i < interim.size(); i++) {
            assertTrue(interim.get(i).equals("NFS4ERR_SERVERFAULT") || interim.get(i).equals(old.get(i)),
                    "before ganesha restarts: " + o.afterFuseRestart());
        }
        assertEquals("""
                kept file
                moved file
                NFS4ERR_STALE""", o.afterGaneshaRestart(), ganesha.log());
        assertEquals(o.held().subList(0, 2), o.lookedUpAgain(),
                "after both restarts a fresh lookup hands out the very handles the client held");
    }

    @Test
    void withoutFsidTypeMajor64TheHeldHandlesAreStaleAfterARemount() throws Exception {
        fuse = handlefs();
        Outcome o = restartScenario(conf -> conf.replace("fsid_type = Major64;", ""));

        assertEquals(CONTENTS, o.before());
        assertEquals("""
                NFS4ERR_STALE
                NFS4ERR_STALE
                NFS4ERR_STALE""", o.afterGaneshaRestart(),
                "FSAL_VFS puts st_dev into its handles; Filesystem_Id does not change that");
    }

    /**
     * The same scenario over bindfs, whose node IDs are handed out in lookup order by each
     * process anew, with generation 0: after the restarts a held handle is stale or, worse,
     * opens another file (with Debian 12's bindfs 1.14.7 the handle of a/kept opens the
     * directory a/b, and the handle of a/b/moved reads a/kept).
     */
    @Test
    void overBindfsNoHeldHandleReadsItsFileAfterTheRestarts() throws Exception {
        require(onPath("bindfs"), "the comparison needs bindfs");
        fuse = bindfs();
        Outcome o = restartScenario(UnaryOperator.identity());

        assertEquals(CONTENTS, o.before());
        assertEquals("""
                NFS4ERR_SERVERFAULT
                NFS4ERR_SERVERFAULT
                NFS4ERR_SERVERFAULT""", o.afterFuseRestart(), "ganesha's fds on the dead mount, as with handlefs");
        List<String> expected = CONTENTS.lines().toList();
        List<String> after = o.afterGaneshaRestart().lines().toList();
        for (int i = 0; i < expected.size(); i++) {
            assertNotEquals(expected.get(i), after.get(i), "bindfs, handle " + i + ": " + after);
        }
    }

    /**
     * Mount, export, hold three handles, read; kill -9 the FUSE daemon, change the tree
     * underneath (rename one file, delete one), remount, look paths up through the new mount
     * in another order than before (so that a daemon handing out node IDs in lookup order
     * gives them to other files), read; restart ganesha, read; look the kept and the moved file
     * up again with a new client.
     */
    private Outcome restartScenario(UnaryOperator<String> config) throws Exception {
        fuse.start();
        Files.createDirectories(mnt.resolve("a/b"));
        Files.writeString(mnt.resolve("a/kept"), "kept file");
        Files.writeString(mnt.resolve("a/b/moved"), "moved file");
        Files.writeString(mnt.resolve("a/doomed"), "doomed file");

        ganesha = Ganesha.start(dir.resolve("ganesha"), mnt, config);
        NfsHoldClient holder = client(HELD_KEPT, HELD_MOVED, HELD_DOOMED);
        List<String> held = holder.handles();
        assertEquals(3, held.stream().filter(h -> h.matches("[0-9a-f]+")).count(), "handles: " + held);
        String before = holder.readAll();
        MountInfo mountBefore = MountInfo.at(mnt.toString()).orElseThrow();

        fuse.crash();
        long crashed = System.nanoTime();
        Files.move(src.resolve("a/b/moved"), src.resolve("moved-to-top"));
        Files.delete(src.resolve("a/doomed"));
        fuse.start();
        MountInfo mountAfter = MountInfo.at(mnt.toString()).orElseThrow();
        for (String p : List.of("moved-to-top", "a", "a/b", "a/kept")) {
            Files.readAttributes(mnt.resolve(p), "unix:ino");
        }
        // Until attr_timeout (1 s, handlefs' and bindfs' default) runs out, the kernel still
        // serves pages it cached from the dead mount to ganesha's old fds; wait that out.
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - crashed);
        Thread.sleep(Math.max(0, ATTR_TIMEOUT_MS + 500 - waited));
        String afterFuseRestart = holder.readAll();

        ganesha.restart();
        String afterGaneshaRestart = holder.readAll();
        List<String> lookedUpAgain = client(HELD_KEPT, "export/moved-to-top").handles();
        return new Outcome(held, before, mountBefore, mountAfter, afterFuseRestart, afterGaneshaRestart,
                lookedUpAgain);
    }

    private NfsHoldClient client(String... paths) throws Exception {
        NfsHoldClient c = NfsHoldClient.start(client, ganesha.port(), paths);
        clients.add(c);
        return c;
    }

    private Fuse handlefs() throws Exception {
        Path jar = DaemonProcess.jarIn(dir);
        List<String> args = List.of("--state-dir", dir.resolve("state").toString());
        return new Fuse() {
            private DaemonProcess daemon;

            @Override
            public void start() throws Exception {
                daemon = DaemonProcess.mount(List.of(), jar, dir.resolve("daemon.log"), args, src, mnt);
            }

            @Override
            public void crash() throws Exception {
                daemon.kill();
                daemon.detach();
            }

            @Override
            public void close() throws Exception {
                if (daemon != null) {
                    daemon.close();
                }
            }
        };
    }

    private Fuse bindfs() {
        return new Fuse() {
            private Process process;

            @Override
            public void start() throws Exception {
                process = new ProcessBuilder("bindfs", "-f", src.toString(), mnt.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("bindfs.log").toFile())).start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!MountInfo.at(mnt.toString()).map(m -> m.fsType().startsWith("fuse")).orElse(false)) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new AssertionError("bindfs did not mount: " + Files.readString(dir.resolve("bindfs.log")));
                    }
                    Thread.sleep(20);
                }
            }

            @Override
            public void crash() throws Exception {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                umountLazy();
            }

            @Override
            public void close() throws Exception {
                umountLazy();
                if (process != null && !process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }

            private void umountLazy() throws Exception {
                if (MountInfo.at(mnt.toString()).isPresent()) {
                    Process p = new ProcessBuilder("umount", "-l", mnt.toString()).inheritIO().start();
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
        };
    }

    /** Missing prerequisites skip the test, except in CI (which installs them): there they fail it. */
    private static void require(boolean ok, String why) {
        if (!ok) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
    }

    private static boolean isRoot() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Uid:"))
                .anyMatch(l -> l.split("\\s+")[2].equals("0"));
    }

    private static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }
}
