package io.handlefs.tests;

import static io.handlefs.tests.Ids.ALICE;
import static io.handlefs.tests.Ids.BOB;
import static io.handlefs.tests.Ids.CAROL;
import static io.handlefs.tests.Ids.STAFF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sticky, world-writable directory (1777, owned by Carol): only the entry's owner, the
 * directory's owner, or root may unlink or rename an entry. The kernel answers EPERM.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StickyDirTest {

    @RegisterExtension
    static final SharedMount fx = new SharedMount("sticky");

    private static final Actor alice = Actor.as(ALICE, STAFF, STAFF);
    private static final Actor bob = Actor.as(BOB, STAFF, STAFF);
    private static final Actor carol = Actor.as(CAROL, Ids.OTHER);

    /** A 1777 dir owned by Carol, holding Alice's file "a" (0666) and empty dir "ad". */
    private static Path stickyDir(String name) throws Exception {
        Path d = Posix.mkdir(fx.newDir(name).resolve("tmp"), 01777, CAROL, Ids.OTHER);
        alice.run("""
                os.umask(0)
                os.close(os.open(A[0] + '/a', os.O_CREAT | os.O_WRONLY, 0o666))
                os.mkdir(A[0] + '/ad', 0o777)
                """, d).ok();
        assertEquals("1777", Posix.octal(Posix.perm(d)));
        return d;
    }

    @Test
    void otherUserCannotUnlinkRenameOrRmdir() throws Exception {
        Path d = stickyDir("other");
        assertEquals("""
                unlink EPERM
                rename EPERM
                rmdir EPERM
                renamedir EPERM""", bob.run("""
                d = A[0]
                out('unlink', err(os.unlink, d + '/a'))
                out('rename', err(os.rename, d + '/a', d + '/b'))
                out('rmdir', err(os.rmdir, d + '/ad'))
                out('renamedir', err(os.rename, d + '/ad', d + '/bd'))
                """, d).ok());
        assertTrue(Files.exists(d.resolve("a")));
        assertTrue(Files.isDirectory(d.resolve("ad")));
    }

    @Test
    void otherUserCannotRenameOverProtectedFile() throws Exception {
        Path d = stickyDir("over");
        assertEquals("EPERM", bob.run("""
                os.close(os.open(A[0] + '/b', os.O_CREAT | os.O_WRONLY, 0o644))
                out(err(os.rename, A[0] + '/b', A[0] + '/a'))
                """, d).ok());
        assertEquals(ALICE, Posix.uid(d.resolve("a")));
        assertEquals(BOB, Posix.uid(d.resolve("b")));
    }

    @Test
    void otherUserMayStillWriteWhenModeAllows() throws Exception {
        Path d = stickyDir("write");
        assertEquals("OK", bob.run("out(err(lambda: open(A[0], 'r+b').write(b'bob')))", d.resolve("a")).ok());
        assertEquals("bob", Files.readString(d.resolve("a")));
    }

    @Test
    void entryOwnerCanRenameAndUnlink() throws Exception {
        Path d = stickyDir("owner");
        assertEquals("OK OK OK", alice.run("""
                d = A[0]
                out(err(os.rename, d + '/a', d + '/a2'), err(os.unlink, d + '/a2'), err(os.rmdir, d + '/ad'))
                """, d).ok());
        try (var s = Files.list(d)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void dirOwnerAndRootCanUnlink() throws Exception {
        Path d = stickyDir("dirowner");
        assertEquals("OK OK", carol.run("""
                d = A[0]
                out(err(os.rename, d + '/a', d + '/c'), err(os.unlink, d + '/c'))
                """, d).ok());
        assertEquals("OK", Actor.root().run("out(err(os.rmdir, A[0] + '/ad'))", d).ok());
        assertFalse(Files.exists(d.resolve("ad")));
    }
}
