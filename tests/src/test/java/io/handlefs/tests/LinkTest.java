package io.handlefs.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hard links and symbolic links. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LinkTest {

    @RegisterExtension
    static final SharedMount fx = new SharedMount("links");
    private static final Actor root = Actor.root();

    @Test
    void hardLinkSharesInodeAndContent() throws Exception {
        Path d = fx.newDir("hard");
        Path a = Files.writeString(d.resolve("a"), "one");
        Path sub = Files.createDirectory(d.resolve("sub"));
        assertEquals("OK", root.run("out(err(os.link, A[0], A[1]))", a, sub.resolve("b")).ok());
        Path b = sub.resolve("b");
        assertEquals(2, Posix.nlink(a));
        assertEquals(2, Posix.nlink(b));
        assertEquals(Posix.ino(a), Posix.ino(b));

        Files.writeString(b, "two, longer");
        assertEquals("two, longer", Files.readString(a));

        Files.delete(a);
        assertFalse(Files.exists(a));
        assertEquals(1, Posix.nlink(b));
        assertEquals("two, longer", Files.readString(b));
    }

    @Test
    void linkCountFollowsLinksAndUnlinks() throws Exception {
        Path d = fx.newDir("count");
        Path a = Files.writeString(d.resolve("a"), "x");
        assertEquals("1 2 3 4 3 2", root.run("""
                a = A[0]
                n = [os.stat(a).st_nlink]
                for i in range(3):
                    os.link(a, a + str(i))
                    n.append(os.stat(a).st_nlink)
                for i in range(2):
                    os.unlink(a + str(i))
                    n.append(os.stat(a).st_nlink)
                out(*n)
                """, a).ok());
    }

    @Test
    void hardLinkErrors() throws Exception {
        Path d = fx.newDir("hard-errors");
        Path a = Files.writeString(d.resolve("a"), "x");
        Files.writeString(d.resolve("b"), "y");
        Path dir = Files.createDirectory(d.resolve("dir"));
        String link = "out(err(os.link, A[0], A[1]))";
        assertEquals("EEXIST", root.run(link, a, d.resolve("b")).ok());
        assertEquals("EPERM", root.run(link, dir, d.resolve("dirlink")).ok());
        assertEquals("ENOENT", root.run(link, d.resolve("missing"), d.resolve("c")).ok());
        assertEquals("y", Files.readString(d.resolve("b")));
    }

    @Test
    void readlinkReturnsTheTargetText() throws Exception {
        Path d = fx.newDir("readlink");
        String longTarget = "x/".repeat(1000) + "end";
        List<String> targets = List.of("plain", "dir/sub/../file", "/absolute/path", "does/not/exist",
                "with space and \u00e9", "..", "./.", longTarget);
        for (int i = 0; i < targets.size(); i++) {
            Path l = d.resolve("l" + i);
            Files.createSymbolicLink(l, Path.of(targets.get(i)));
            assertEquals(targets.get(i), Files.readSymbolicLink(l).toString());
            assertEquals(targets.get(i).getBytes(StandardCharsets.UTF_8).length, Posix.size(l),
                    "lstat size is the target length");
            assertEquals(Posix.S_IFLNK, Posix.type(l));
        }
        assertEquals("True", root.run("out(os.readlink(A[0]) == A[1])", d.resolve("l7"), longTarget).ok());
    }

    @Test
    void symlinkOutsideTheTreeIsReadableAsALink() throws Exception {
        Path d = fx.newDir("escape");
        Path sub = Files.createDirectory(d.resolve("sub"));
        Path outsideFile = Files.writeString(fx.outside().resolve("x-" + System.nanoTime()), "outside");

        Path abs = Files.createSymbolicLink(sub.resolve("abs"), outsideFile);
        Path relTarget = sub.relativize(outsideFile);
        assertTrue(relTarget.startsWith(".."), relTarget.toString());
        Path rel = Files.createSymbolicLink(sub.resolve("rel"), relTarget);

        assertEquals(outsideFile.toString(), Files.readSymbolicLink(abs).toString());
        assertEquals(relTarget.toString(), Files.readSymbolicLink(rel).toString());
        // Opening follows the link in the caller's kernel: with the test root on the mount,
        // the kernel resolves the target itself, which is normal.
        assertEquals("outside", Files.readString(abs));
        assertEquals("outside", Files.readString(rel));
    }

    /**
     * A directory symlink {@code esc -> /etc} inside the tree. Listing {@code esc/} shows what
     * the caller's kernel resolves, the real /etc: symlinks are followed by the VFS of the
     * process that walks the path, never by the daemon on its behalf. That the daemon itself
     * never follows a symlink or ".." out of the export (RESOLVE_BENEATH on its side) is
     * tested in lookup-handle; here only the native, client-side view is checked.
     */
    @Test
    void symlinkEscapeIsNotFollowedByDaemon() throws Exception {
        Path d = fx.newDir("esc-etc");
        Path esc = Files.createSymbolicLink(d.resolve("esc"), Path.of("/etc"));
        assertEquals("/etc", Files.readSymbolicLink(esc).toString());
        assertTrue(Files.isSymbolicLink(esc));
        assertFalse(Files.isDirectory(esc, LinkOption.NOFOLLOW_LINKS));
        Set<String> viaLink = names(esc.resolve(""));
        Set<String> direct = names(Path.of("/etc"));
        assertEquals(direct, viaLink);
        assertTrue(viaLink.contains("passwd"), viaLink.toString());
        assertEquals(Files.readString(Path.of("/etc/passwd")), Files.readString(esc.resolve("passwd")));
    }

    @Test
    void symlinkLoopsAndNofollow() throws Exception {
        Path d = fx.newDir("loops");
        Files.createSymbolicLink(d.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(d.resolve("b"), Path.of("a"));
        Files.writeString(d.resolve("t"), "t");
        Files.createSymbolicLink(d.resolve("l"), Path.of("t"));
        assertEquals("ELOOP ELOOP OK", root.run("""
                d = A[0]
                out(err(os.open, d + '/a', os.O_RDONLY), err(os.open, d + '/l', os.O_RDONLY | os.O_NOFOLLOW),
                    err(os.open, d + '/l', os.O_RDONLY))
                """, d).ok());
    }

    private static Set<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
