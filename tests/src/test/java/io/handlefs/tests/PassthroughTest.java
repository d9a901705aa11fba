package io.handlefs.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * FUSE passthrough is really in use, and by the kernel's rules: files opened for reading and for
 * writing at once share one backing file, so reads and writes of open files go on even with the
 * daemon killed (the kernel does them on the lower file), while a set-user-ID file, kept on the
 * daemon's I/O path, fails like any request to a dead daemon.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PassthroughTest {

    private Path dir;
    private Path src;
    private Path mnt;
    private DaemonProcess daemon;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("handlefs-passthrough-");
        src = Files.createDirectory(dir.resolve("src"));
        mnt = Files.createDirectory(dir.resolve("mnt"));
        daemon = DaemonProcess.mount(List.of(), DaemonProcess.jarIn(dir), dir.resolve("daemon.log"),
                List.of("--state-dir", dir.resolve("state").toString()), src, mnt);
        assertTrue(daemon.log().contains("file I/O: FUSE passthrough"), daemon.log());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        Posix.removeTree(dir);
    }

    @Test
    void openFilesReadAndWriteWithoutTheDaemonExceptSetuidOnes() throws Exception {
        Files.writeString(mnt.resolve("plain"), "plain data");
        Files.writeString(mnt.resolve("setuid"), "setuid data");
        Posix.chmod(mnt.resolve("setuid"), 04755);
        Path go = dir.resolve("go");
        Path ready = dir.resolve("ready");
        Actor.Running holder = Actor.root().start("""
                reader = os.open(A[0], os.O_RDONLY)
                writer = os.open(A[0], os.O_RDWR)
                special = os.open(A[1], os.O_RDONLY)
                open(A[3], 'w').close()
                deadline = time.monotonic() + 30
                while not os.path.exists(A[2]) and time.monotonic() < deadline:
                    time.sleep(0.02)
                out(err(os.pwrite, writer, b'PLAIN', 0))
                out(os.pread(reader, 100, 0).decode())
                out(err(os.pread, special, 100, 0))
                """, mnt.resolve("plain"), mnt.resolve("setuid"), go, ready);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(ready)) {
            assertTrue(holder.isAlive() && System.nanoTime() < deadline, "the holder opened its files");
            Thread.sleep(20);
        }
        daemon.kill();
        Files.createFile(go);
        assertEquals("""
                OK
                PLAIN data
                ENOTCONN""", holder.await(Actor.TIMEOUT).ok());
        assertEquals("PLAIN data", Files.readString(src.resolve("plain")), "the write reached the lower file");
    }
}
