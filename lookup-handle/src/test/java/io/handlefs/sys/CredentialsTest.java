package io.handlefs.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credential syscalls change only the calling thread (this machine runs the tests as root). */
class CredentialsTest {
    @TempDir
    Path dir;

    /** The value of a "Key:\t..." line of /proc/thread-self/status, read by the calling thread. */
    private static String threadStatus(String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/thread-self/status"))) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + key);
    }

    private static void runAll(Thread... threads) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (Thread t : threads) {
            t.setUncaughtExceptionHandler((th, e) -> failure.compareAndSet(null, e));
            t.start();
        }
        for (Thread t : threads) {
            t.join(30_000);
            assertTrue(!t.isAlive(), "thread stuck: " + t.getName());
        }
        if (failure.get() != null) {
            throw new AssertionError("thread failed", failure.get());
        }
    }

    interface Body {
        void run() throws Exception;
    }

    private static Thread thread(String name, Body body) {
        return new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, name);
    }

    @Test
    void rootTestEnvironment() {
        assertEquals(0, Sys.getuid());
        assertEquals(0, Sys.getgid());
    }

    @Test
    void setfsuidAffectsOnlyTheCallingThread() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        CountDownLatch switched = new CountDownLatch(1);
        CountDownLatch otherDone = new CountDownLatch(1);
        AtomicReference<String> fsuidSeen = new AtomicReference<>();

        Thread nobody = thread("as-nobody", () -> {
            Sys.setfsuid(65534);
            Sys.setfsgid(65534);
            try {
                switched.countDown();
                assertTrue(otherDone.await(20, TimeUnit.SECONDS));
                fsuidSeen.set(threadStatus("Uid"));
                int fd = Sys.openat(Linux.AT_FDCWD, dir.resolve("by-nobody").toString(),
                        Linux.O_CREAT | Linux.O_WRONLY | Linux.O_CLOEXEC, 0644);
                Sys.close(fd);
                Files.createFile(dir.resolve("by-nobody-java"));
            } finally {
                Sys.setfsuid(0);
                Sys.setfsgid(0);
            }
            Files.createFile(dir.resolve("by-nobody-thread-restored"));
        });
        Thread root = thread("as-root", () -> {
            assertTrue(switched.await(20, TimeUnit.SECONDS));
            // the other thread is now fsuid 65534; this one must still be root
            Files.createFile(dir.resolve("by-root"));
            assertEquals("0\t0\t0\t0", threadStatus("Uid"));
            otherDone.countDown();
        });
        runAll(nobody, root);

        assertEquals("0\t0\t0\t65534", fsuidSeen.get(), "real, effective, saved, fs uid");
        assertEquals(65534, Files.getAttribute(dir.resolve("by-nobody"), "unix:uid"));
        assertEquals(65534, Files.getAttribute(dir.resolve("by-nobody"), "unix:gid"));
        assertEquals(65534, Files.getAttribute(dir.resolve("by-nobody-java"), "unix:uid"));
        assertEquals(0, Files.getAttribute(dir.resolve("by-root"), "unix:uid"));
        assertEquals(0, Files.getAttribute(dir.resolve("by-root"), "unix:gid"));
        assertEquals(0, Files.getAttribute(dir.resolve("by-nobody-thread-restored"), "unix:uid"));
    }

    @Test
    void fsuidDropsRootPermissionBypass() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "s");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        runAll(thread("denied", () -> {
            Sys.setfsuid(1000);
            try {
                ErrnoException e = org.junit.jupiter.api.Assertions.assertThrows(ErrnoException.class,
                        () -> Sys.open(secret.toString(), Linux.O_RDONLY | Linux.O_CLOEXEC, 0));
                assertEquals(Errno.EACCES, e.errno());
            } finally {
                Sys.setfsuid(0);
            }
            Sys.close(Sys.open(secret.toString(), Linux.O_RDONLY | Linux.O_CLOEXEC, 0));
        }));
    }

    @Test
    void setgroupsAffectsOnlyTheCallingThread() throws Exception {
        String before = threadStatus("Groups");
        CountDownLatch set = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        AtomicReference<String> inThread = new AtomicReference<>();
        AtomicReference<String> inOther = new AtomicReference<>();
        Thread changer = thread("setgroups", () -> {
            Sys.setgroupsThread(new int[] {4, 24, 1000});
            try {
                inThread.set(threadStatus("Groups"));
                set.countDown();
                assertTrue(checked.await(20, TimeUnit.SECONDS));
                // many groups: more than the scratch array holds
                int[] many = new int[1000];
                for (int i = 0; i < many.length; i++) {
                    many[i] = 10_000 + i;
                }
                Sys.setgroupsThread(many);
                assertEquals(1000, threadStatus("Groups").split(" ").length);
            } finally {
                Sys.setgroupsThread(new int[0]);
            }
            assertEquals("", threadStatus("Groups"));
        });
        Thread other = thread("observer", () -> {
            assertTrue(set.await(20, TimeUnit.SECONDS));
            inOther.set(threadStatus("Groups"));
            checked.countDown();
        });
        runAll(changer, other);
        assertEquals("4 24 1000", inThread.get());
        assertEquals(before, inOther.get());
        assertEquals(before, threadStatus("Groups"));
    }

    @Test
    void gettidIsPerThread() throws Exception {
        int mine = Sys.gettid();
        AtomicReference<Integer> theirs = new AtomicReference<>();
        runAll(thread("tid", () -> theirs.set(Sys.gettid())));
        assertNotEquals(mine, theirs.get());
        assertTrue(Files.isDirectory(Path.of("/proc/self/task/" + mine)));
        assertEquals(mine, Sys.gettid());
    }
}
