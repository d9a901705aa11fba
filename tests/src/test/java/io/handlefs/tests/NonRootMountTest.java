package io.handlefs.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handlefs.fuse.MountInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A daemon started by an ordinary user mounts through fusermount3 (socketpair, _FUSE_COMMFD,
 * SCM_RIGHTS) and serves that user. Runs the shaded jar as nobody, as a user would run it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NonRootMountTest {

    private static final int NOBODY = 65534;
    private static final Path DEV_FUSE = Path.of("/dev/fuse");

    private Path root;
    private Path jar;
    private Path src;
    private Path mnt;
    private DaemonProcess daemon;
    private String devFuseMode;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createTempDirectory("handlefs-nonroot-");
        Posix.chmod(root, 0755);
        jar = DaemonProcess.jarIn(root);
        src = Files.createDirectory(root.resolve("src"));
        mnt = Files.createDirectory(root.resolve("mnt"));
        for (Path p : List.of(src, mnt, Files.createDirectory(root.resolve("state")))) {
            Posix.chown(p, NOBODY, NOBODY);
        }
        // Debian's udev makes /dev/fuse 0666 so that fusermount3 can open it for any user; a bare
        // container may leave it 0600. Opened up for the test, restored after.
        devFuseMode = PosixFilePermissions.toString(Files.getPosixFilePermissions(DEV_FUSE));
        Files.setPosixFilePermissions(DEV_FUSE, PosixFilePermissions.fromString("rw-rw-rw-"));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (daemon != null) {
                daemon.close();
            }
        } finally {
            Files.setPosixFilePermissions(DEV_FUSE, PosixFilePermissions.fromString(devFuseMode));
            Posix.removeTree(root);
        }
    }

    @Test
    void anOrdinaryUserMountsServesAndUnmounts() throws Exception {
        daemon = DaemonProcess.mount(asNobody(), jar, root.resolve("daemon.log"),
                List.of("--state-dir", root.resolve("state").toString()), src, mnt);
        MountInfo info = MountInfo.at(mnt.toString()).orElseThrow();
        assertEquals("fuse.handlefs", info.fsType());

        Actor nobody = Actor.as(NOBODY, NOBODY);
        assertEquals("hello 65534 65534", nobody.run("""
                os.mkdir(os.path.join(A[0], 'd'))
                with open(os.path.join(A[0], 'd', 'f'), 'w') as f:
                    f.write('hello')
                os.rename(os.path.join(A[0], 'd', 'f'), os.path.join(A[0], 'g'))
                st = os.stat(os.path.join(A[0], 'g'))
                out(open(os.path.join(A[0], 'g')).read(), st.st_uid, st.st_gid)
                """, mnt).ok());
        assertEquals("hello", Files.readString(src.resolve("g")), "the lower file holds the data");

        assertEquals(0, run(asNobody("fusermount3", "-u", mnt.toString())), "the user unmounts it");
        assertEquals(0, daemon.awaitExit(java.time.Duration.ofSeconds(20)), daemon.log());
    }

    private static List<String> asNobody(String... command) {
        List<String> cmd = new java.util.ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", "--inh-caps=-all", "--"));
        cmd.addAll(List.of(command));
        return cmd;
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
