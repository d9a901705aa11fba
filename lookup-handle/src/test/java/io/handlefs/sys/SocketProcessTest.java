package io.handlefs.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketProcessTest {
    @TempDir
    Path dir;
    int[] pair;

    @BeforeEach
    void open() {
        pair = Sys.socketpair();
    }

    @AfterEach
    void close() {
        for (int fd : pair) {
            try {
                Sys.close(fd);
            } catch (ErrnoException ignored) {
                // closed by the test
            }
        }
    }

    /** The octal "flags:" of /proc/self/fdinfo/fd. */
    private static int fdFlags(int fd) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("flags:")) {
                return Integer.parseInt(line.substring(6).trim(), 8);
            }
        }
        throw new AssertionError();
    }

    @Test
    void sendAndReceiveFd() throws Exception {
        Files.writeString(dir.resolve("f"), "payload");
        int fd = Sys.open(dir.resolve("f").toString(), Linux.O_RDONLY, 0);
        try {
            Sys.sendFd(pair[0], fd);
            int got = Sys.receiveFd(pair[1]);
            try {
                assertNotEquals(fd, got);
                assertEquals(Sys.statx(fd, "", Linux.AT_EMPTY_PATH).ino(), Sys.statx(got, "", Linux.AT_EMPTY_PATH).ino());
                assertTrue((fdFlags(got) & Linux.O_CLOEXEC) != 0, "received fd is close-on-exec");
                ByteBuffer b = ByteBuffer.allocateDirect(16);
                assertEquals(7, Sys.pread(got, b, 0));
            } finally {
                Sys.close(got);
            }
        } finally {
            Sys.close(fd);
        }
    }

    @Test
    void receiveWithoutFdOrAfterClose() {
        ByteBuffer one = ByteBuffer.allocateDirect(1);
        Sys.write(pair[0], one);
        assertSame(Errno.EPROTO, assertThrows(ErrnoException.class, () -> Sys.receiveFd(pair[1])).errno());
        Sys.close(pair[0]);
        assertSame(Errno.ECONNRESET, assertThrows(ErrnoException.class, () -> Sys.receiveFd(pair[1])).errno());
    }

    @Test
    void pollInTimesOutThenSeesData() {
        long t0 = System.nanoTime();
        assertFalse(Sys.pollIn(pair[1], 100));
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(waited >= 90, "waited only " + waited + " ms");
        Sys.write(pair[0], ByteBuffer.allocateDirect(3));
        assertTrue(Sys.pollIn(pair[1], 1000));
        assertTrue(Sys.pollIn(pair[1], 0));
        assertSame(Errno.EBADF, assertThrows(ErrnoException.class, () -> Sys.pollIn(1_000_000, 0)).errno());
    }

    @Test
    void ioctlBufferAndInt() {
        Sys.write(pair[0], ByteBuffer.allocateDirect(3));
        ByteBuffer arg = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        arg.position(4);
        assertEquals(0, Sys.ioctlBuffer(pair[1], Linux.FIONREAD, arg));
        assertEquals(3, arg.getInt(4), "FIONREAD wrote at the buffer's position");
        assertEquals(0, arg.getInt(0));

        assertEquals(0, Sys.ioctlInt(pair[1], Linux.FIONBIO, 1));
        assertEquals(3, Sys.read(pair[1], ByteBuffer.allocateDirect(8)));
        assertSame(Errno.EAGAIN, assertThrows(ErrnoException.class,
                () -> Sys.read(pair[1], ByteBuffer.allocateDirect(8))).errno());
        assertSame(Errno.ENOTTY, assertThrows(ErrnoException.class,
                () -> Sys.ioctlInt(pair[1], Linux.FUSE_DEV_IOC_CLONE, pair[0])).errno());
    }

    @Test
    void spawnHandsASocketToTheChildAsTheFdAsked() {
        int pid = Sys.spawn(java.util.List.of("sh", "-c", "printf 'hi %s' \"$WHO\" >&3"),
                java.util.List.of("PATH=/usr/bin:/bin", "WHO=child"), pair[1], 3);
        ByteBuffer got = ByteBuffer.allocateDirect(64);
        assertEquals(8, Sys.read(pair[0], got));
        got.flip();
        byte[] bytes = new byte[got.remaining()];
        got.get(bytes);
        assertEquals("hi child", new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(0, Sys.waitpid(pid));
    }

    @Test
    void spawnReportsTheChildsExitAndAMissingProgram() {
        int pid = Sys.spawn(java.util.List.of("sh", "-c", "exit 7"), java.util.List.of("PATH=/usr/bin:/bin"), pair[1], 3);
        assertEquals(7, Sys.waitpid(pid));
        ErrnoException e = assertThrows(ErrnoException.class, () -> Sys.waitpid(
                Sys.spawn(java.util.List.of("handlefs-no-such-program"), java.util.List.of("PATH=/usr/bin:/bin"), pair[1], 3)));
        assertSame(Errno.ENOENT, e.errno());
    }

    @Test
    void killSignalsAProcess() throws Exception {
        Sys.kill((int) ProcessHandle.current().pid(), 0);
        Process p = new ProcessBuilder("sleep", "30").start();
        Sys.kill((int) p.pid(), Linux.SIGTERM);
        assertEquals(128 + Linux.SIGTERM, p.waitFor());
        assertSame(Errno.ESRCH, assertThrows(ErrnoException.class, () -> Sys.kill(Integer.MAX_VALUE, 0)).errno());
    }
}
