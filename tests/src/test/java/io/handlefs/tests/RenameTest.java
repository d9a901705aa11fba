package io.handlefs.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** rename(2) and renameat2(2) with RENAME_NOREPLACE / RENAME_EXCHANGE. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RenameTest {

    @RegisterExtension
    static final SharedMount fx = new SharedMount("rename");
    private static final Actor root = Actor.root();

    private static final String RENAME = "out(err(os.rename, A[0], A[1]))";
    private static final String RENAMEAT2 = "out(renameat2(A[0], A[1], int(A[2])))";

    @Test
    void renameOverExistingFileReplacesIt() throws Exception {
        Path d = fx.newDir("over-file");
        Path a = Files.writeString(d.resolve("a"), "from a");
        Path b = Files.writeString(d.resolve("b"), "from b");
        long inoA = Posix.ino(a);
        assertEquals("OK", root.run(RENAME, a, b).ok());
        assertFalse(Files.exists(a));
        assertEquals("from a", Files.readString(b));
        assertEquals(inoA, Posix.ino(b));
        assertEquals(1, Posix.nlink(b));
    }

    @Test
    void renameOverFileKeepsOldContentReadableThroughOpenFd() throws Exception {
        Path d = fx.newDir("over-open");
        Path a = Files.writeString(d.resolve("a"), "new");
        Path b = Files.writeString(d.resolve("b"), "old");
        assertEquals("old new", root.run("""
                fd = os.open(A[1], os.O_RDONLY)
                os.rename(A[0], A[1])
                old = os.pread(fd, 100, 0)
                os.close(fd)
                out(old.decode(), open(A[1]).read())
                """, a, b).ok());
    }

    @Test
    void renameDirOverEmptyDir() throws Exception {
        Path d = fx.newDir("over-emptydir");
        Path src = Files.createDirectory(d.resolve("src"));
        Files.writeString(src.resolve("inside"), "x");
        Path dst = Files.createDirectory(d.resolve("dst"));
        long ino = Posix.ino(src);
        assertEquals("OK", root.run(RENAME, src, dst).ok());
        assertFalse(Files.exists(src));
        assertEquals(ino, Posix.ino(dst));
        assertEquals("x", Files.readString(dst.resolve("inside")));
    }

    @Test
    void renameDirOverNonEmptyDirIsEnotempty() throws Exception {
        Path d = fx.newDir("over-fulldir");
        Path src = Files.createDirectory(d.resolve("src"));
        Path dst = Files.createDirectory(d.resolve("dst"));
        Files.writeString(dst.resolve("keep"), "k");
        assertEquals("ENOTEMPTY", root.run(RENAME, src, dst).ok());
        assertTrue(Files.isDirectory(src));
        assertEquals("k", Files.readString(dst.resolve("keep")));
    }

    @Test
    void renameDirIntoItselfIsEinval() throws Exception {
        Path d = fx.newDir("into-self");
        Path top = Files.createDirectory(d.resolve("top"));
        Path sub = Files.createDirectories(top.resolve("sub/subsub"));
        assertEquals("EINVAL", root.run(RENAME, top, sub.resolve("moved")).ok());
        assertEquals("EINVAL", root.run(RENAME, top, top.resolve("moved")).ok());
        assertEquals("EINVAL", root.run(RENAME, top, top.resolve("sub")).ok(), "over its own child");
        assertTrue(Files.isDirectory(sub));
    }

    @Test
    void typeMismatchesAreEisdirAndEnotdir() throws Exception {
        Path d = fx.newDir("mismatch");
        Path f = Files.writeString(d.resolve("f"), "f");
        Path dir = Files.createDirectory(d.resolve("dir"));
        assertEquals("EISDIR", root.run(RENAME, f, dir).ok());
        assertEquals("ENOTDIR", root.run(RENAME, dir, f).ok());
        assertEquals("ENOENT", root.run(RENAME, d.resolve("missing"), d.resolve("x")).ok());
    }

    @Test
    void renameAcrossDirsMovesDotDot() throws Exception {
        Path d = fx.newDir("across");
        Path p1 = Files.createDirectory(d.resolve("p1"));
        Path p2 = Files.createDirectory(d.resolve("p2"));
        Path child = Files.createDirectory(p1.resolve("child"));
        Files.writeString(p1.resolve("file"), "moved");
        assertEquals(3, Posix.nlink(p1));
        assertEquals(2, Posix.nlink(p2));
        assertEquals("OK", root.run(RENAME, child, p2.resolve("child")).ok());
        assertEquals("OK", root.run(RENAME, p1.resolve("file"), p2.resolve("child/file")).ok());
        assertEquals(2, Posix.nlink(p1));
        assertEquals(3, Posix.nlink(p2));
        assertEquals(Posix.ino(p2), Posix.ino(p2.resolve("child/..")));
        assertEquals("moved", Files.readString(p2.resolve("child/file")));
    }

    @Test
    void renameBetweenHardLinksOfOneFileIsANoop() throws Exception {
        Path d = fx.newDir("same-inode");
        Path a = Files.writeString(d.resolve("a"), "x");
        Path b = Files.createLink(d.resolve("b"), a);
        assertEquals("OK", root.run(RENAME, a, b).ok());
        assertTrue(Files.exists(a), "POSIX: both names remain");
        assertTrue(Files.exists(b));
        assertEquals(2, Posix.nlink(a));
    }

    @Test
    void noreplaceRefusesExistingTarget() throws Exception {
        Path d = fx.newDir("noreplace");
        Path a = Files.writeString(d.resolve("a"), "a");
        Path b = Files.writeString(d.resolve("b"), "b");
        Path dir = Files.createDirectory(d.resolve("dir"));
        assertEquals("EEXIST", root.run(RENAMEAT2, a, b, 1).ok());
        assertEquals("EEXIST", root.run(RENAMEAT2, a, dir, 1).ok());
        assertEquals("a", Files.readString(a));
        assertEquals("b", Files.readString(b));
        assertEquals("OK", root.run(RENAMEAT2, a, d.resolve("c"), 1).ok());
        assertFalse(Files.exists(a));
        assertEquals("a", Files.readString(d.resolve("c")));
    }

    @Test
    void exchangeSwapsTwoEntries() throws Exception {
        Path d = fx.newDir("exchange");
        Path f = Files.writeString(d.resolve("f"), "file");
        Path dir = Files.createDirectory(d.resolve("dir"));
        Files.writeString(dir.resolve("inside"), "in");
        long inoF = Posix.ino(f);
        long inoDir = Posix.ino(dir);
        assertEquals("OK", root.run(RENAMEAT2, f, dir, 2).ok());
        assertEquals(inoDir, Posix.ino(f));
        assertEquals(inoF, Posix.ino(dir));
        assertTrue(Files.isDirectory(f));
        assertEquals("in", Files.readString(f.resolve("inside")));
        assertEquals("file", Files.readString(dir));
    }

    @Test
    void exchangeAcrossDirsAndWithMissingTarget() throws Exception {
        Path d = fx.newDir("exchange2");
        Path p1 = Files.createDirectory(d.resolve("p1"));
        Path p2 = Files.createDirectory(d.resolve("p2"));
        Path a = Files.writeString(p1.resolve("a"), "one");
        Path b = Files.writeString(p2.resolve("b"), "two");
        assertEquals("OK", root.run(RENAMEAT2, a, b, 2).ok());
        assertEquals("two", Files.readString(a));
        assertEquals("one", Files.readString(b));
        assertEquals("ENOENT", root.run(RENAMEAT2, a, p2.resolve("missing"), 2).ok());
        assertEquals("EINVAL", root.run(RENAMEAT2, a, b, 3).ok(), "NOREPLACE | EXCHANGE");
        assertEquals("two", Files.readString(a));
    }
}
