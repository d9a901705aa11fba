package io.handlefs.tests;

import static io.handlefs.tests.Ids.ALICE;
import static io.handlefs.tests.Ids.BOB;
import static io.handlefs.tests.Ids.PROJ;
import static io.handlefs.tests.Ids.STAFF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Mode bits decide, for a non-root caller: EACCES where they forbid; access(2) agrees. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PermissionTest {

    @RegisterExtension
    static final SharedMount fx = new SharedMount("perm", "entry_timeout=3600,attr_timeout=3600");

    private static final Actor alice = Actor.as(ALICE, STAFF, STAFF);
    private static final Actor aliceInProj = Actor.as(ALICE, STAFF, STAFF, PROJ);

    private static final String READ = "out(err(lambda: open(A[0], 'rb').read()))";
    private static final String WRITE = "out(err(lambda: open(A[0], 'r+b').write(b'x')))";

    /** Every way of adding or removing a name in dir A[0]; existing entries "gone" and "moved". */
    private static final String MUTATE_DIR = """
            d = A[0]
            out('creat', err(os.open, d + '/new', os.O_CREAT | os.O_WRONLY, 0o644))
            out('mkdir', err(os.mkdir, d + '/newdir'))
            out('mkfifo', err(os.mkfifo, d + '/newfifo'))
            out('symlink', err(os.symlink, 'x', d + '/newlink'))
            out('unlink', err(os.unlink, d + '/gone'))
            out('rename', err(os.rename, d + '/moved', d + '/renamed'))
            """;

    /** os.access(A[0], R/W/X) as three letters, '-' where denied. */
    private static final String ACCESS = """
            p = A[0]
            out(('r' if os.access(p, os.R_OK) else '-') + ('w' if os.access(p, os.W_OK) else '-')
                + ('x' if os.access(p, os.X_OK) else '-'))
            """;

    @Test
    void readingAnotherUsers0600FileIsEacces() throws Exception {
        Path d = fx.newDir("read0600");
        Path f = Posix.file(d.resolve("f"), "secret", 0600, BOB, STAFF);
        assertEquals("EACCES", alice.run(READ, f).ok());
        assertEquals("EACCES", alice.run(WRITE, f).ok());
        assertEquals("OK", Actor.as(BOB, STAFF).run(READ, f).ok(), "the owner reads");
        assertEquals("secret", Files.readString(f));
    }

    @Test
    void creatingInAnotherUsers0755DirIsEacces() throws Exception {
        Path d = Posix.mkdir(fx.newDir("create0755").resolve("bobs"), 0755, BOB, STAFF);
        Posix.file(d.resolve("gone"), "", 0666, ALICE, STAFF);
        Posix.file(d.resolve("moved"), "", 0666, ALICE, STAFF);
        assertEquals("""
                creat EACCES
                mkdir EACCES
                mkfifo EACCES
                symlink EACCES
                unlink EACCES
                rename EACCES""", alice.run(MUTATE_DIR, d).ok());
        try (var s = Files.list(d)) {
            assertEquals(2, s.count(), "nothing was added or removed");
        }
    }

    @Test
    void searchingA0700DirIsEacces() throws Exception {
        Path d = Posix.mkdir(fx.newDir("search0700").resolve("bobs"), 0700, BOB, STAFF);
        Path f = Posix.file(d.resolve("f"), "x", 0644, BOB, STAFF);
        assertEquals("""
                stat EACCES
                open EACCES
                list EACCES
                dir OK""", alice.run("""
                out('stat', err(os.stat, A[1]))
                out('open', err(lambda: open(A[1], 'rb').close()))
                out('list', err(os.listdir, A[0]))
                out('dir', err(os.stat, A[0]))
                """, d, f).ok());
    }

    /**
     * The kernel resolves cached names without asking: a name seen by one user while anyone could
     * search its directory must not let another through once the directory is closed to them.
     */
    @Test
    void closingADirStopsUsersWhoReachedItsNamesBefore() throws Exception {
        Path d = Posix.mkdir(fx.newDir("narrowed").resolve("bobs"), 0755, BOB, STAFF);
        Path f = Posix.file(d.resolve("f"), "x", 0644, BOB, STAFF);
        String statTwice = "out(err(os.stat, A[0])); out(err(os.stat, A[0]))";
        assertEquals("OK\nOK", alice.run(statTwice, f).ok());
        Actor.as(BOB, STAFF).run("os.chmod(A[0], 0o700)", d).ok();
        assertEquals("EACCES\nEACCES", alice.run(statTwice, f).ok());
        assertEquals("OK", Actor.as(BOB, STAFF).run("out(err(os.stat, A[0]))", f).ok());
    }

    @Test
    void aNameMovedIntoAClosedDirIsClosedToo() throws Exception {
        Path top = fx.newDir("moved-in");
        Path pub = Posix.mkdir(top.resolve("pub"), 0755, BOB, STAFF);
        Path priv = Posix.mkdir(top.resolve("priv"), 0700, BOB, STAFF);
        Path f = Posix.file(pub.resolve("f"), "x", 0644, BOB, STAFF);
        Path sub = Posix.mkdir(pub.resolve("sub"), 0755, BOB, STAFF);
        Path g = Posix.file(sub.resolve("g"), "x", 0644, BOB, STAFF);
        assertEquals("OK\nOK", alice.run("out(err(os.stat, A[0])); out(err(os.stat, A[1]))", f, g).ok());
        Actor.as(BOB, STAFF).run("os.rename(A[0], A[1]); os.rename(A[2], A[3])",
                f, priv.resolve("f"), sub, priv.resolve("sub")).ok();
        assertEquals("EACCES\nEACCES", alice.run("out(err(os.stat, A[0])); out(err(os.stat, A[1]))",
                priv.resolve("f"), priv.resolve("sub").resolve("g")).ok());
    }

    @Test
    void searchWithoutReadListsNothingButReachesNames() throws Exception {
        Path d = Posix.mkdir(fx.newDir("search0711").resolve("bobs"), 0711, BOB, STAFF);
        Path f = Posix.file(d.resolve("f"), "x", 0644, BOB, STAFF);
        assertEquals("list EACCES\nread OK", alice.run("""
                out('list', err(os.listdir, A[0]))
                out('read', err(lambda: open(A[1], 'rb').read()))
                """, d, f).ok());
    }

    @Test
    void supplementaryGroupGrantsAccess() throws Exception {
        Path d = fx.newDir("supp");
        Path f = Posix.file(d.resolve("f"), "group data", 0640, BOB, PROJ);
        Path gd = Posix.mkdir(d.resolve("gd"), 0770, BOB, PROJ);
        Posix.file(gd.resolve("gone"), "", 0644, BOB, PROJ);
        Posix.file(gd.resolve("moved"), "", 0644, BOB, PROJ);

        assertEquals("EACCES", alice.run(READ, f).ok());
        assertEquals("OK", aliceInProj.run(READ, f).ok());
        assertEquals("EACCES", aliceInProj.run(WRITE, f).ok(), "group has no write bit");

        assertEquals("""
                creat OK
                mkdir OK
                mkfifo OK
                symlink OK
                unlink OK
                rename OK""", aliceInProj.run(MUTATE_DIR, gd).ok());
        Path other = Posix.mkdir(d.resolve("gd2"), 0770, BOB, PROJ);
        assertEquals("EACCES", alice.run("out(err(os.mkdir, A[0] + '/x'))", other).ok());
    }

    @Test
    void groupClassDeniesEvenWhenOthersAreAllowed() throws Exception {
        Path d = fx.newDir("classes");
        // Alice is in staff: the group class applies, not "others".
        Path g = Posix.file(d.resolve("g"), "x", 0604, BOB, STAFF);
        assertEquals("EACCES", alice.run(READ, g).ok());
        assertEquals("OK", Actor.as(Ids.CAROL, Ids.OTHER).run(READ, g).ok());
        // Alice owns it: the owner class applies, even though everyone else may read and write.
        Path o = Posix.file(d.resolve("o"), "x", 0066, ALICE, STAFF);
        assertEquals("EACCES", alice.run(READ, o).ok());
        assertEquals("EACCES", alice.run(WRITE, o).ok());
    }

    @Test
    void readOnlyFileStopsOwnerButNotRoot() throws Exception {
        Path d = fx.newDir("ro");
        Path f = Posix.file(d.resolve("f"), "abc", 0444, ALICE, STAFF);
        assertEquals("EACCES", alice.run(WRITE, f).ok());
        assertEquals("OK", Actor.root().run(WRITE, f).ok(), "CAP_DAC_OVERRIDE");
        assertEquals("xbc", Files.readString(f));
    }

    @Test
    void executeNeedsTheBit() throws Exception {
        Path d = fx.newDir("exec");
        Path f = Posix.file(d.resolve("f.sh"), "#!/bin/sh\nexit 7\n", 0644, ALICE, STAFF);
        String exec = "out(err(os.execv, A[0], [A[0]]))";
        assertEquals("EACCES", alice.run(exec, f).ok());
        Posix.chmod(f, 0755);
        Actor.Result r = alice.run(exec, f);
        assertEquals(7, r.exit(), r.describe());
    }

    @Test
    void accessMatchesModeBitsForUser() throws Exception {
        Path d = fx.newDir("access");
        Path ownerOnly = Posix.file(d.resolve("owner"), "", 0700, ALICE, PROJ);
        Path group = Posix.file(d.resolve("group"), "", 0750, BOB, PROJ);
        Path others = Posix.file(d.resolve("others"), "", 0007, BOB, PROJ);
        Path none = Posix.file(d.resolve("none"), "", 0000, ALICE, STAFF);
        Path wOnly = Posix.file(d.resolve("wonly"), "", 0200, ALICE, STAFF);
        Path dir = Posix.mkdir(d.resolve("dir"), 0751, BOB, PROJ);

        assertEquals("rwx", alice.run(ACCESS, ownerOnly).ok());
        assertEquals("r-x", aliceInProj.run(ACCESS, group).ok());
        assertEquals("---", alice.run(ACCESS, group).ok());
        assertEquals("rwx", alice.run(ACCESS, others).ok());
        assertEquals("---", aliceInProj.run(ACCESS, others).ok(), "group class (---) applies");
        assertEquals("---", alice.run(ACCESS, none).ok());
        assertEquals("-w-", alice.run(ACCESS, wOnly).ok());
        assertEquals("r-x", aliceInProj.run(ACCESS, dir).ok());
        assertEquals("--x", alice.run(ACCESS, dir).ok());
    }

    @Test
    void accessForRootNeedsSomeExecuteBit() throws Exception {
        Path d = fx.newDir("access-root");
        Path none = Posix.file(d.resolve("none"), "", 0000, ALICE, STAFF);
        Path rw = Posix.file(d.resolve("rw"), "", 0644, ALICE, STAFF);
        Path ox = Posix.file(d.resolve("ox"), "", 0601, ALICE, STAFF);
        Path dir = Posix.mkdir(d.resolve("dir"), 0000, ALICE, STAFF);
        Actor root = Actor.root();
        assertEquals("rw-", root.run(ACCESS, none).ok());
        assertEquals("rw-", root.run(ACCESS, rw).ok());
        assertEquals("rwx", root.run(ACCESS, ox).ok());
        assertEquals("rwx", root.run(ACCESS, dir).ok(), "directories are always searchable by root");
        assertFalse(Files.isExecutable(rw));
    }
}
