package io.handlefs.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrnoTest {
    @TempDir
    Path dir;

    @Test
    void everyCodeMapsToExactlyOneConstant() {
        Set<Integer> seen = new HashSet<>();
        for (Errno e : Errno.values()) {
            assertTrue(seen.add(e.code()), "duplicate code " + e.code());
            assertSame(e, Errno.of(e.code()));
            assertTrue(Errno.isKnown(e.code()));
        }
        // 1..133 with the two numbers Linux leaves unassigned
        for (int code = 1; code <= 133; code++) {
            assertEquals(code != 41 && code != 58, seen.contains(code), "code " + code);
        }
        assertEquals(131, Errno.values().length);
    }

    @Test
    void knownValues() {
        assertEquals(1, Errno.EPERM.code());
        assertEquals(2, Errno.ENOENT.code());
        assertEquals(61, Errno.ENODATA.code());
        assertEquals(75, Errno.EOVERFLOW.code());
        assertEquals(95, Errno.EOPNOTSUPP.code());
        assertEquals(116, Errno.ESTALE.code());
        assertEquals(133, Errno.EHWPOISON.code());
        assertSame(Errno.EOPNOTSUPP, Errno.ENOTSUP);
        assertSame(Errno.EAGAIN, Errno.EWOULDBLOCK);
        assertSame(Errno.EDEADLK, Errno.EDEADLOCK);
    }

    @Test
    void unknownCodeIsEioButKeepsItsNumber() {
        for (int code : new int[] {0, -1, 41, 58, 134, 512, Integer.MAX_VALUE}) {
            assertSame(Errno.EIO, Errno.of(code));
            assertFalse(Errno.isKnown(code));
        }
        ErrnoException e = new ErrnoException(512, "frob");
        assertSame(Errno.EIO, e.errno());
        assertEquals(512, e.code());
        assertEquals("frob: errno (512)", e.getMessage());
    }

    @Test
    void exceptionIsLightweight() {
        ErrnoException e = new ErrnoException(Errno.ENOENT, "openat");
        assertEquals(0, e.getStackTrace().length);
        assertNull(e.getCause());
        assertEquals("openat: ENOENT (2)", e.getMessage());
        assertEquals("openat", e.call());
    }

    @Test
    void realCallsMapErrno() throws Exception {
        int d = Sys.open(dir.toString(), Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
        try {
            ErrnoException noent = assertThrows(ErrnoException.class,
                    () -> Sys.openat(d, "missing", Linux.O_RDONLY, 0));
            assertSame(Errno.ENOENT, noent.errno());
            assertEquals(2, noent.code());
            assertTrue(noent.getMessage().startsWith("openat: ENOENT"), noent.getMessage());

            Sys.mkdirat(d, "sub", 0755);
            assertSame(Errno.EEXIST, assertThrows(ErrnoException.class, () -> Sys.mkdirat(d, "sub", 0755)).errno());

            Files.writeString(dir.resolve("sub/f"), "x");
            assertSame(Errno.ENOTEMPTY,
                    assertThrows(ErrnoException.class, () -> Sys.unlinkat(d, "sub", Linux.AT_REMOVEDIR)).errno());
            assertSame(Errno.EBADF, assertThrows(ErrnoException.class, () -> Sys.dup(-5)).errno());
        } finally {
            Sys.close(d);
        }
    }

    @Test
    void namesWithNulOrWideCharsAreEinval() {
        assertSame(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> Sys.openat(Linux.AT_FDCWD, "a\0b", Linux.O_RDONLY, 0)).errno());
        assertSame(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> Sys.openat(Linux.AT_FDCWD, "\u20ac", Linux.O_RDONLY, 0)).errno());
        assertSame(Errno.ENAMETOOLONG, assertThrows(ErrnoException.class,
                () -> Sys.openat(Linux.AT_FDCWD, "a".repeat(Linux.PATH_MAX), Linux.O_RDONLY, 0)).errno());
    }
}
