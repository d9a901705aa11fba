package io.handlefs.tests;

import static io.handlefs.tests.Ids.ALICE;
import static io.handlefs.tests.Ids.PROJ;
import static io.handlefs.tests.Ids.STAFF;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** New files, dirs, fifos and symlinks made by a non-root user get the caller's identity. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OwnershipTest {

    @RegisterExtension
    static final SharedMount fx = new SharedMount("ownership");

    /** Alice, primary group staff, not in proj. */
    private static final Actor alice = Actor.as(ALICE, STAFF, STAFF);
    /** Alice with proj as a supplementary group. */
    private static final Actor aliceInProj = Actor.as(ALICE, STAFF, STAFF, PROJ);

    /** Makes file, dir, fifo and symlink in A[0] under umask A[1] (octal), with modes 0666/0777. */
    private static final String MAKE_ALL = """
            d = A[0]
            os.umask(int(A[1], 8))
            os.close(os.open(d + '/file', os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o666))
            os.mkdir(d + '/dir', 0o777)
            os.mkfifo(d + '/fifo', 0o666)
            os.symlink('file', d + '/link')
            """;

    @Test
    void userGetsOwnUidAndPrimaryGid() throws Exception {
        Path d = fx.newDir("plain", 0777);
        alice.run(MAKE_ALL, d, "022").ok();
        for (String n : List.of("file", "dir", "fifo", "link")) {
            Path p = d.resolve(n);
            assertEquals(ALICE, Posix.uid(p), n + " uid");
            assertEquals(STAFF, Posix.gid(p), n + " gid");
        }
        assertEquals(Posix.S_IFREG, Posix.type(d.resolve("file")));
        assertEquals(Posix.S_IFDIR, Posix.type(d.resolve("dir")));
        assertEquals(Posix.S_IFIFO, Posix.type(d.resolve("fifo")));
        assertEquals(Posix.S_IFLNK, Posix.type(d.resolve("link")));
    }

    @Test
    void supplementaryGroupIsNotUsedForNewFiles() throws Exception {
        Path d = fx.newDir("supp", 0777);
        aliceInProj.run(MAKE_ALL, d, "022").ok();
        for (String n : List.of("file", "dir", "fifo", "link")) {
            assertEquals(STAFF, Posix.gid(d.resolve(n)), n + " gid is the effective gid");
        }
    }

    @Test
    void umaskIsHonored() throws Exception {
        Path d = fx.newDir("umask", 0777);
        for (String[] c : new String[][] {
                {"022", "644", "755", "644"},
                {"027", "640", "750", "640"},
                {"077", "600", "700", "600"},
                {"000", "666", "777", "666"}}) {
            Path sub = d.resolve("u" + c[0]);
            alice.run("os.mkdir(A[0], 0o777)", sub).ok();
            alice.run(MAKE_ALL, sub, c[0]).ok();
            assertEquals(c[1], Posix.octal(Posix.perm(sub.resolve("file"))), "file, umask " + c[0]);
            assertEquals(c[2], Posix.octal(Posix.perm(sub.resolve("dir"))), "dir, umask " + c[0]);
            assertEquals(c[3], Posix.octal(Posix.perm(sub.resolve("fifo"))), "fifo, umask " + c[0]);
            // umask never applies to symlinks
            assertEquals("777", Posix.octal(Posix.perm(sub.resolve("link"))), "link, umask " + c[0]);
        }
    }

    @Test
    void explicitModeIsMaskedNotWidened() throws Exception {
        Path d = fx.newDir("explicit", 0777);
        String out = alice.run("""
                os.umask(0o022)
                os.close(os.open(A[0] + '/f', os.O_CREAT | os.O_WRONLY, 0o604))
                os.mkdir(A[0] + '/d', 0o710)
                out(mode(A[0] + '/f'), mode(A[0] + '/d'))
                """, d).ok();
        assertEquals("604 710", out);
    }

    @Test
    void setgidDirGivesItsGroupAndPropagatesToSubdirs() throws Exception {
        Path d = fx.newDir("sgid");
        Posix.chown(d, 0, PROJ);
        Posix.chmod(d, 02777);
        alice.run(MAKE_ALL, d, "022").ok();
        for (String n : List.of("file", "dir", "fifo", "link")) {
            Path p = d.resolve(n);
            assertEquals(ALICE, Posix.uid(p), n + " uid");
            assertEquals(PROJ, Posix.gid(p), n + " gid comes from the setgid dir");
        }
        assertEquals("2755", Posix.octal(Posix.perm(d.resolve("dir"))), "new subdir inherits setgid");
        assertEquals("644", Posix.octal(Posix.perm(d.resolve("file"))), "new file does not");
        alice.run(MAKE_ALL, d.resolve("dir"), "022").ok();
        assertEquals(PROJ, Posix.gid(d.resolve("dir/file")), "grandchild gets proj too");
        assertEquals("2755", Posix.octal(Posix.perm(d.resolve("dir/dir"))));
    }

    @Test
    void setgidRequestedOnNewFileIsStrippedForNonMember() throws Exception {
        Path d = fx.newDir("sgid-strip");
        Posix.chown(d, 0, PROJ);
        Posix.chmod(d, 02777);
        String script = """
                os.umask(0)
                os.close(os.open(A[0] + '/f-' + A[1], os.O_CREAT | os.O_WRONLY, 0o2775))
                os.mkdir(A[0] + '/d-' + A[1], 0o775)
                out(mode(A[0] + '/f-' + A[1]), mode(A[0] + '/d-' + A[1]))
                """;
        // Not in proj and group-executable: the kernel drops S_ISGID from the new file.
        assertEquals("775 2775", alice.run(script, d, "nonmember").ok());
        // In proj: kept.
        assertEquals("2775 2775", aliceInProj.run(script, d, "member").ok());
    }

    @Test
    void rootCreatesAsRoot() throws Exception {
        Path d = fx.newDir("root", 0777);
        Actor.root().run(MAKE_ALL, d, "022").ok();
        for (String n : List.of("file", "dir", "fifo", "link")) {
            assertEquals(0, Posix.uid(d.resolve(n)), n);
            assertEquals(0, Posix.gid(d.resolve(n)), n);
        }
    }
}
