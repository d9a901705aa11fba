package io.handlefs.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XattrLockTest {
    @TempDir
    Path dir;

    private static ByteBuffer direct(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocateDirect(b.length).put(b).flip();
    }

    @Test
    void xattrsThroughProcSelfFdOfOPathFd() throws Exception {
        Files.writeString(dir.resolve("f"), "x");
        int p = Sys.open(dir.resolve("f").toString(), Linux.O_PATH | Linux.O_CLOEXEC, 0);
        String path = "/proc/self/fd/" + p;
        try {
            assertEquals(0, Sys.listxattr(path, ByteBuffer.allocateDirect(0)));

            ByteBuffer value = direct("..value\u00ff");
            value.position(2);
            Sys.setxattr(path, "user.one", value, Linux.XATTR_CREATE);
            assertEquals(2, value.position(), "setxattr leaves the position");
            Sys.setxattr(path, "user.two", direct("2"), 0);
            assertSame(Errno.EEXIST, assertThrows(ErrnoException.class,
                    () -> Sys.setxattr(path, "user.one", direct("z"), Linux.XATTR_CREATE)).errno());
            assertSame(Errno.ENODATA, assertThrows(ErrnoException.class,
                    () -> Sys.setxattr(path, "user.three", direct("z"), Linux.XATTR_REPLACE)).errno());

            assertEquals(6, Sys.getxattr(path, "user.one", ByteBuffer.allocateDirect(0)), "size query");
            ByteBuffer got = ByteBuffer.allocateDirect(32);
            got.position(4);
            assertEquals(6, Sys.getxattr(path, "user.one", got));
            assertEquals(10, got.position());
            byte[] bytes = new byte[6];
            got.get(4, bytes);
            assertEquals("value\u00ff", new String(bytes, StandardCharsets.ISO_8859_1));
            assertSame(Errno.ERANGE, assertThrows(ErrnoException.class,
                    () -> Sys.getxattr(path, "user.one", ByteBuffer.allocateDirect(2))).errno());
            assertSame(Errno.ENODATA, assertThrows(ErrnoException.class,
                    () -> Sys.getxattr(path, "user.missing", ByteBuffer.allocateDirect(8))).errno());

            int need = Sys.listxattr(path, ByteBuffer.allocateDirect(0));
            ByteBuffer list = ByteBuffer.allocateDirect(need);
            assertEquals(need, Sys.listxattr(path, list));
            byte[] names = new byte[need];
            list.get(0, names);
            List<String> parsed = Arrays.asList(new String(names, StandardCharsets.ISO_8859_1).split("\0"));
            assertTrue(parsed.containsAll(List.of("user.one", "user.two")), parsed.toString());
            assertEquals(2, parsed.size());

            Sys.removexattr(path, "user.one");
            assertSame(Errno.ENODATA, assertThrows(ErrnoException.class,
                    () -> Sys.removexattr(path, "user.one")).errno());
            assertSame(Errno.ENODATA, assertThrows(ErrnoException.class,
                    () -> Sys.getxattr(path, "user.one", ByteBuffer.allocateDirect(0))).errno());
        } finally {
            Sys.close(p);
        }
    }

    @Test
    void ofdLocksConflictBetweenOpenFileDescriptions() throws Exception {
        Files.write(dir.resolve("f"), new byte[100]);
        int a = Sys.open(dir.resolve("f").toString(), Linux.O_RDWR | Linux.O_CLOEXEC, 0);
        int b = Sys.open(dir.resolve("f").toString(), Linux.O_RDWR | Linux.O_CLOEXEC, 0);
        try {
            Flock wr = new Flock(Linux.F_WRLCK, (short) Linux.SEEK_SET, 10, 20, 0);
            Flock set = Sys.fcntlLock(a, Linux.F_OFD_SETLK, wr);
            assertEquals(wr, set);

            ErrnoException e = assertThrows(ErrnoException.class, () -> Sys.fcntlLock(b,
                    Linux.F_OFD_SETLK, new Flock(Linux.F_RDLCK, (short) Linux.SEEK_SET, 25, 1, 0)));
            assertSame(Errno.EAGAIN, e.errno());

            Flock conflict = Sys.fcntlLock(b, Linux.F_OFD_GETLK,
                    new Flock(Linux.F_WRLCK, (short) Linux.SEEK_SET, 0, 0, 0));
            assertEquals(Linux.F_WRLCK, conflict.type());
            assertEquals(10, conflict.start());
            assertEquals(20, conflict.len());
            assertEquals(-1, conflict.pid(), "OFD locks report pid -1");

            // no conflict outside the range, or on the same description
            Flock free = Sys.fcntlLock(b, Linux.F_OFD_GETLK, new Flock(Linux.F_WRLCK, (short) Linux.SEEK_SET, 30, 5, 0));
            assertEquals(Linux.F_UNLCK, free.type());
            assertEquals(Linux.F_UNLCK, Sys.fcntlLock(a, Linux.F_OFD_GETLK,
                    new Flock(Linux.F_WRLCK, (short) Linux.SEEK_SET, 0, 0, 0)).type());
            Sys.fcntlLock(b, Linux.F_OFD_SETLK, new Flock(Linux.F_WRLCK, (short) Linux.SEEK_SET, 30, 5, 0));

            // OFD locks insist on pid 0
            assertSame(Errno.EINVAL, assertThrows(ErrnoException.class, () -> Sys.fcntlLock(b,
                    Linux.F_OFD_SETLK, new Flock(Linux.F_RDLCK, (short) Linux.SEEK_SET, 50, 1, 1))).errno());

            Sys.fcntlLock(a, Linux.F_OFD_SETLK, new Flock(Linux.F_UNLCK, (short) Linux.SEEK_SET, 10, 20, 0));
            Sys.fcntlLock(b, Linux.F_OFD_SETLKW, new Flock(Linux.F_RDLCK, (short) Linux.SEEK_SET, 25, 1, 0));

            // a process-associated GETLK sees b's OFD read lock (OFD owners differ from the process)
            Flock seen = Sys.fcntlLock(a, Linux.F_GETLK, new Flock(Linux.F_WRLCK, (short) Linux.SEEK_SET, 0, 0, 0));
            assertEquals(new Flock(Linux.F_RDLCK, (short) Linux.SEEK_SET, 25, 1, -1), seen);
            Sys.fcntlLock(b, Linux.F_OFD_SETLK, new Flock(Linux.F_UNLCK, (short) Linux.SEEK_SET, 0, 0, 0));
            // process-associated locks of one process never conflict with each other
            Sys.fcntlLock(a, Linux.F_SETLK, new Flock(Linux.F_WRLCK, (short) Linux.SEEK_SET, 0, 0, 0));
            assertEquals(Linux.F_UNLCK, Sys.fcntlLock(b, Linux.F_GETLK,
                    new Flock(Linux.F_WRLCK, (short) Linux.SEEK_SET, 0, 0, 0)).type());
            // but they do conflict with an OFD lock; pid is ours
            Flock owner = Sys.fcntlLock(b, Linux.F_OFD_GETLK, new Flock(Linux.F_RDLCK, (short) Linux.SEEK_SET, 0, 0, 0));
            assertEquals(Linux.F_WRLCK, owner.type());
            assertEquals(ProcessHandle.current().pid(), owner.pid());
        } finally {
            Sys.close(a);
            Sys.close(b);
        }
    }

    @Test
    void flockConflicts() throws Exception {
        Files.write(dir.resolve("f"), new byte[1]);
        int a = Sys.open(dir.resolve("f").toString(), Linux.O_RDONLY | Linux.O_CLOEXEC, 0);
        int b = Sys.open(dir.resolve("f").toString(), Linux.O_RDONLY | Linux.O_CLOEXEC, 0);
        try {
            Sys.flock(a, Linux.LOCK_EX);
            assertSame(Errno.EWOULDBLOCK, assertThrows(ErrnoException.class,
                    () -> Sys.flock(b, Linux.LOCK_SH | Linux.LOCK_NB)).errno());
            Sys.flock(a, Linux.LOCK_UN);
            Sys.flock(b, Linux.LOCK_SH | Linux.LOCK_NB);
        } finally {
            Sys.close(a);
            Sys.close(b);
        }
    }
}
