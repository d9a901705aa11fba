package io.handlefs.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handlefs.fuse.MountInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * `handlefs umount --abort` on a daemon that no longer answers (stopped with SIGSTOP): the reader
 * waiting on it is freed at once with an error, the mount is gone, and the daemon, once it runs
 * again, finds its connection ended and exits by itself. Where nothing mounted fusectl (CI's
 * machines, this one), the abort mounts it first.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UmountAbortTest {

    @Test
    void anAbortFreesTheWaitingReaderAndEndsTheDaemon() throws Exception {
        Path dir = Files.createTempDirectory("handlefs-abort-");
        Path src = Files.createDirectory(dir.resolve("src"));
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        Files.writeString(src.resolve("f"), "data");
        Path jar = DaemonProcess.jarIn(dir);
        Process reader = null;
        try (DaemonProcess daemon = DaemonProcess.mount(List.of(), jar, dir.resolve("daemon.log"),
                List.of("--state-dir", dir.resolve("state").toString()), src, mnt)) {
            daemon.freeze();
            reader = new ProcessBuilder("cat", mnt.resolve("f").toString()).redirectErrorStream(true).start();
            assertFalse(reader.waitFor(1, TimeUnit.SECONDS), "the reader waits on the stopped daemon");

            CliRun abort = CliRun.of(jar, dir, "umount", "--abort", mnt.toString());

            assertEquals(0, abort.exit(), abort.err());
            assertTrue(reader.waitFor(10, TimeUnit.SECONDS), "the waiting reader is freed");
            String said = new String(reader.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertNotEquals(0, reader.exitValue(), "the read fails: " + said);
            assertFalse(daemon.mounted(), "the mount is gone");
            assertEquals("fusectl", MountInfo.at("/sys/fs/fuse/connections").orElseThrow().fsType(),
                    "fusectl is mounted where nothing had mounted it");
            daemon.thaw();
            assertEquals(0, daemon.awaitExit(Duration.ofSeconds(20)), "the daemon exits by itself:\n" + daemon.log());
        } finally {
            if (reader != null) {
                reader.destroyForcibly();
            }
            Posix.removeTree(dir);
        }
    }

    @Test
    void anAbortOfWhatIsNoFuseMountIsRefused() throws Exception {
        Path dir = Files.createTempDirectory("handlefs-abort-");
        try {
            CliRun r = CliRun.of(DaemonProcess.jarIn(dir), dir, "umount", "--abort", dir.toString());
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("not a FUSE mount"), r.err());
        } finally {
            Posix.removeTree(dir);
        }
    }
}
