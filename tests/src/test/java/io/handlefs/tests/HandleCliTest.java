package io.handlefs.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handlefs.fuse.HandlefsMount;
import io.handlefs.fuse.MountOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * `handlefs handle encode|open` and `handlefs fsck` as an administrator runs them, beside a
 * running daemon that shares the state directory.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HandleCliTest {

    private Path dir;
    private Path src;
    private Path state;
    private Path jar;
    private HandlefsMount mount;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("handlefs-cli-");
        src = Files.createDirectory(dir.resolve("src"));
        state = dir.resolve("state");
        jar = DaemonProcess.jarIn(dir);
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        mount = HandlefsMount.start(src.toString(), mnt.toString(), MountOptions.defaults(), Optional.of(state));
        Files.createDirectories(mnt.resolve("d"));
        Files.writeString(mnt.resolve("d/f"), "content");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (mount != null) {
            mount.close();
        }
        Posix.removeTree(dir);
    }

    private CliRun cli(String... args) throws Exception {
        return CliRun.of(jar, dir, args);
    }

    @Test
    void encodeOpenAfterRenameTamperingAndFsck() throws Exception {
        String st = "--state-dir=" + state;
        CliRun encoded = cli("handle", "encode", st, src.toString(), "d/f");
        assertEquals(0, encoded.exit(), encoded.err());
        String hex = encoded.out();
        assertTrue(hex.matches("[0-9a-f]{76,330}"), hex);

        assertEquals(src.resolve("d/f").toString(), cli("handle", "open", st, src.toString(), hex).out());
        Files.move(src.resolve("d/f"), src.resolve("moved"));
        assertEquals(src.resolve("moved").toString(), cli("handle", "open", st, src.toString(), hex).out(),
                "the handle follows the file, not its name");

        String tampered = hex.substring(0, hex.length() - 1) + (hex.endsWith("0") ? "1" : "0");
        CliRun refused = cli("handle", "open", st, src.toString(), tampered);
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("ESTALE"), refused.err());

        Files.delete(src.resolve("moved"));
        CliRun fsck = cli("fsck", st, src.toString());
        assertEquals(0, fsck.exit(), fsck.err());
        assertTrue(fsck.out().contains("1 stale removed"), fsck.out());
        assertEquals(1, cli("handle", "open", st, src.toString(), hex).exit());
    }

    @Test
    void commandsWithoutStateSayWhatIsMissing() throws Exception {
        CliRun r = cli("fsck", "--state-dir=" + dir.resolve("nowhere"), src.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("handlefs fsck: no state for"), r.err());
    }
}
