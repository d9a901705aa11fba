package io.handlefs.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataTest {
    @TempDir
    Path dir;
    int d;

    @BeforeEach
    void open() {
        d = Sys.open(dir.toString(), Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
    }

    @AfterEach
    void close() {
        Sys.close(d);
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }

    @Test
    void statxMatchesJavaAttributes() throws Exception {
        Path f = dir.resolve("f");
        Files.write(f, new byte[10_000]);
        Files.createLink(dir.resolve("f2"), f);
        Stat st = Sys.statx(d, "f", 0);
        Map<String, Object> a = Files.readAttributes(f, "unix:*", LinkOption.NOFOLLOW_LINKS);
        assertEquals(a.get("ino"), st.ino());
        assertEquals(a.get("dev"), st.dev());
        assertEquals(a.get("mode"), st.mode());
        assertEquals(a.get("nlink"), st.nlink());
        assertEquals(2, st.nlink());
        assertEquals(a.get("uid"), st.uid());
        assertEquals(a.get("gid"), st.gid());
        assertEquals(a.get("rdev"), st.rdev());
        assertEquals(a.get("size"), st.size());
        assertEquals(10_000, st.size());
        assertEquals(nanos((FileTime) a.get("lastModifiedTime")), st.mtimeSec() * 1_000_000_000L + st.mtimeNsec());
        assertEquals(nanos((FileTime) a.get("lastAccessTime")), st.atimeSec() * 1_000_000_000L + st.atimeNsec());
        assertEquals(nanos((FileTime) a.get("ctime")), st.ctimeSec() * 1_000_000_000L + st.ctimeNsec());
        assertTrue(st.blksize() >= 512);
        assertTrue(st.blocks() >= 10_000 / 512, "blocks " + st.blocks());

        Stat ds = Sys.statx(d, "", Linux.AT_EMPTY_PATH);
        assertEquals(Files.getAttribute(dir, "unix:ino"), ds.ino());
        assertEquals(Linux.S_IFDIR, ds.mode() & Linux.S_IFMT);

        Stat nul = Sys.statx(Linux.AT_FDCWD, "/dev/null", 0);
        assertEquals(Linux.S_IFCHR, nul.mode() & Linux.S_IFMT);
        assertEquals(Linux.makedev(1, 3), nul.rdev());
        assertEquals(Files.getAttribute(Path.of("/dev/null"), "unix:rdev"), nul.rdev());
    }

    @Test
    void createLinkRename() throws Exception {
        Sys.mkdirat(d, "sub", 0750);
        assertEquals(Linux.S_IFDIR | 0750, Sys.statx(d, "sub", 0).mode());

        Sys.mknodat(d, "fifo", Linux.S_IFIFO | 0644, 0);
        assertEquals(Linux.S_IFIFO | 0644, Sys.statx(d, "fifo", 0).mode());
        assertTrue(Files.readAttributes(dir.resolve("fifo"), java.nio.file.attribute.BasicFileAttributes.class).isOther());

        String target = "../some/\u00ff\u00fetarget";
        Sys.symlinkat(target, d, "link");
        assertEquals(target, Sys.readlinkat(d, "link"));
        assertEquals(Linux.S_IFLNK, Sys.statx(d, "link", Linux.AT_SYMLINK_NOFOLLOW).mode() & Linux.S_IFMT);
        assertSame(Errno.EINVAL, assertThrows(ErrnoException.class, () -> Sys.readlinkat(d, "sub")).errno());
        String longTarget = "x/".repeat(2000) + "end";
        Sys.symlinkat(longTarget, d, "longlink");
        assertEquals(longTarget, Sys.readlinkat(d, "longlink"));

        Files.writeString(dir.resolve("a"), "A");
        Files.writeString(dir.resolve("b"), "B");
        assertSame(Errno.EEXIST, assertThrows(ErrnoException.class,
                () -> Sys.renameat2(d, "a", d, "b", Linux.RENAME_NOREPLACE)).errno());
        Sys.renameat2(d, "a", d, "b", Linux.RENAME_EXCHANGE);
        assertEquals("B", Files.readString(dir.resolve("a")));
        assertEquals("A", Files.readString(dir.resolve("b")));
        Sys.renameat2(d, "a", d, "c", Linux.RENAME_NOREPLACE);
        assertTrue(Files.notExists(dir.resolve("a")));
        assertEquals("B", Files.readString(dir.resolve("c")));
        Sys.renameat2(d, "c", d, "b", 0);
        assertEquals("B", Files.readString(dir.resolve("b")));

        Sys.linkat(d, "b", d, "sub/hard", 0);
        assertEquals(2, Sys.statx(d, "b", 0).nlink());
        assertEquals(Sys.statx(d, "b", 0).ino(), Sys.statx(d, "sub/hard", 0).ino());
        // AT_EMPTY_PATH links an open fd (needs CAP_DAC_READ_SEARCH: we are root)
        int tmp = Sys.openat(d, ".", Linux.O_TMPFILE | Linux.O_WRONLY | Linux.O_CLOEXEC, 0600);
        try {
            Sys.linkat(tmp, "", d, "from-tmpfile", Linux.AT_EMPTY_PATH);
            assertEquals(1, Sys.statx(d, "from-tmpfile", 0).nlink());
        } finally {
            Sys.close(tmp);
        }

        Sys.unlinkat(d, "sub/hard", 0);
        Sys.unlinkat(d, "sub", Linux.AT_REMOVEDIR);
        Sys.unlinkat(d, "fifo", 0);
        Sys.unlinkat(d, "link", 0);
        assertTrue(Files.notExists(dir.resolve("sub")));
        assertSame(Errno.ENOENT, assertThrows(ErrnoException.class, () -> Sys.unlinkat(d, "fifo", 0)).errno());
        assertSame(Errno.EISDIR, assertThrows(ErrnoException.class, () -> {
            Sys.mkdirat(d, "dir2", 0755);
            Sys.unlinkat(d, "dir2", 0);
        }).errno());
    }

    @Test
    void chmodChownUtimens() throws Exception {
        Files.writeString(dir.resolve("f"), "x");
        Sys.fchmodat(d, "f", 0604, 0);
        assertEquals(Linux.S_IFREG | 0604, Sys.statx(d, "f", 0).mode());
        int fd = Sys.openat(d, "f", Linux.O_RDONLY | Linux.O_CLOEXEC, 0);
        try {
            Sys.fchmod(fd, 0640);
            assertEquals(0640, Sys.statx(fd, "", Linux.AT_EMPTY_PATH).mode() & 07777);
        } finally {
            Sys.close(fd);
        }

        Sys.fchownat(d, "f", 1234, 5678, 0);
        assertEquals(1234, Files.getAttribute(dir.resolve("f"), "unix:uid"));
        assertEquals(5678, Files.getAttribute(dir.resolve("f"), "unix:gid"));
        Sys.fchownat(d, "f", -1, 42, 0);
        Stat st = Sys.statx(d, "f", 0);
        assertEquals(1234, st.uid());
        assertEquals(42, st.gid());

        Sys.symlinkat("f", d, "ln");
        Sys.fchownat(d, "ln", 777, 777, Linux.AT_SYMLINK_NOFOLLOW);
        assertEquals(777, Sys.statx(d, "ln", Linux.AT_SYMLINK_NOFOLLOW).uid());
        assertEquals(1234, Sys.statx(d, "ln", 0).uid());

        Sys.utimensat(d, "f", 1_000_000_000L, 123_456_789L, 2_000_000_000L, 987_654_321L, 0);
        st = Sys.statx(d, "f", 0);
        assertEquals(1_000_000_000L, st.atimeSec());
        assertEquals(123_456_789, st.atimeNsec());
        assertEquals(2_000_000_000L, st.mtimeSec());
        assertEquals(987_654_321, st.mtimeNsec());
        // UTIME_OMIT leaves atime; mtime changes
        Sys.utimensat(d, "f", 0, Linux.UTIME_OMIT, 1_500_000_000L, 5, 0);
        st = Sys.statx(d, "f", 0);
        assertEquals(1_000_000_000L, st.atimeSec());
        assertEquals(123_456_789, st.atimeNsec());
        assertEquals(1_500_000_000L, st.mtimeSec());
        assertEquals(5, st.mtimeNsec());
        // UTIME_NOW on atime only; on a symlink itself with AT_SYMLINK_NOFOLLOW
        long before = System.currentTimeMillis() / 1000 - 2;
        Sys.utimensat(d, "f", 0, Linux.UTIME_NOW, 0, Linux.UTIME_OMIT, 0);
        st = Sys.statx(d, "f", 0);
        assertTrue(st.atimeSec() >= before);
        assertEquals(1_500_000_000L, st.mtimeSec());
        Sys.utimensat(d, "ln", 0, Linux.UTIME_OMIT, 3, 0, Linux.AT_SYMLINK_NOFOLLOW);
        assertEquals(3, Sys.statx(d, "ln", Linux.AT_SYMLINK_NOFOLLOW).mtimeSec());
        assertEquals(1_500_000_000L, Sys.statx(d, "f", 0).mtimeSec());
    }

    @Test
    void fstatfsOfExt4() {
        StatFs fs = Sys.fstatfs(d);
        assertEquals(0xEF53, fs.type());
        assertEquals(4096, fs.bsize());
        assertTrue(fs.blocks() > fs.bfree() && fs.bfree() >= fs.bavail());
        assertTrue(fs.files() > fs.ffree());
        assertEquals(255, fs.namelen());
        assertEquals(4096, fs.frsize());
        assertTrue(fs.fsid() != 0);
    }
}
