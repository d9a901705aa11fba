package io.handlefs.tests;

import static io.handlefs.tests.Ids.ALICE;
import static io.handlefs.tests.Ids.STAFF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** utimensat (explicit, UTIME_NOW, UTIME_OMIT, on symlinks) and mknod. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimesAndNodesTest {

    @RegisterExtension
    static final SharedMount fx = new SharedMount("times");
    private static final Actor root = Actor.root();
    private static final Actor alice = Actor.as(ALICE, STAFF, STAFF);

    private static final long A_NS = 1_500_000_000_123_456_789L;
    private static final long M_NS = 1_600_000_000_987_654_321L;

    /** Prints "atime_ns mtime_ns" of lstat(A[0]). */
    private static final String TIMES = """
            def times(p):
                st = os.lstat(p)
                return '%d %d' % (st.st_atime_ns, st.st_mtime_ns)
            """;

    @Test
    void explicitTimesWithNanoseconds() throws Exception {
        Path f = Files.writeString(fx.newDir("explicit").resolve("f"), "x");
        assertEquals(A_NS + " " + M_NS, root.run(TIMES + """
                os.utime(A[0], ns=(int(A[1]), int(A[2])))
                out(times(A[0]))
                """, f, A_NS, M_NS).ok());
    }

    @Test
    void utimeOmitKeepsTheOtherTime() throws Exception {
        Path f = Files.writeString(fx.newDir("omit").resolve("f"), "x");
        assertEquals("1500000000123456789 1700000000000000001\n1400000000000000002 1700000000000000001",
                root.run(TIMES + """
                p = A[0]
                os.utime(p, ns=(int(A[1]), int(A[2])))
                assert utimensat(p, UTIME_OMIT, (1700000000, 1)) == 'OK'
                out(times(p))
                assert utimensat(p, (1400000000, 2), UTIME_OMIT) == 'OK'
                out(times(p))
                """, f, A_NS, M_NS).ok());
    }

    @Test
    void utimeNowSetsTheCurrentTime() throws Exception {
        Path f = Files.writeString(fx.newDir("now").resolve("f"), "x");
        String[] r = root.run(TIMES + """
                p = A[0]
                os.utime(p, ns=(int(A[1]), int(A[2])))
                t0 = time.time_ns()
                assert utimensat(p, UTIME_OMIT, UTIME_NOW) == 'OK'
                t1 = time.time_ns()
                out(t0, t1, times(p))
                """, f, A_NS, M_NS).ok().split(" ");
        long t0 = Long.parseLong(r[0]);
        long t1 = Long.parseLong(r[1]);
        long mtime = Long.parseLong(r[3]);
        assertEquals(A_NS, Long.parseLong(r[2]), "atime omitted");
        // The kernel stamps with its coarse clock: allow one tick (well under a second) before t0.
        assertTrue(mtime >= t0 - 1_000_000_000L && mtime <= t1, t0 + " <= " + mtime + " <= " + t1);
    }

    @Test
    void symlinkTimesWithoutFollowing() throws Exception {
        Path d = fx.newDir("symlink");
        Path t = Files.writeString(d.resolve("t"), "x");
        Path l = Files.createSymbolicLink(d.resolve("l"), Path.of("t"));
        assertEquals("True " + A_NS + " " + M_NS, root.run(TIMES + """
                before = times(A[1])
                os.utime(A[0], ns=(int(A[2]), int(A[3])), follow_symlinks=False)
                out(times(A[1]) == before, times(A[0]))
                """, l, t, A_NS, M_NS).ok());
    }

    @Test
    void nonOwnerMayTouchNowWithWriteAccessButNotSetExplicitTimes() throws Exception {
        Path d = fx.newDir("perm");
        Path writable = Posix.file(d.resolve("w"), "x", 0666, 0, 0);
        Path readOnly = Posix.file(d.resolve("r"), "x", 0644, 0, 0);
        Path own = Posix.file(d.resolve("own"), "x", 0444, ALICE, STAFF);
        String script = """
                out(err(os.utime, A[0]), err(os.utime, A[0], ns=(1, 2)))
                """;
        assertEquals("OK EPERM", alice.run(script, writable).ok());
        assertEquals("EACCES EPERM", alice.run(script, readOnly).ok());
        assertEquals("OK OK", alice.run(script, own).ok(), "the owner may do both");
    }

    @Test
    void mknodCharDeviceAsRoot() throws Exception {
        Path d = fx.newDir("mknod-root");
        // 0620 under umask 022: 0600.
        assertEquals("OK True 1 3 600", root.run("""
                p = A[0] + '/null'
                os.umask(0o022)
                r = err(os.mknod, p, stat.S_IFCHR | 0o620, os.makedev(1, 3))
                st = os.lstat(p)
                out(r, stat.S_ISCHR(st.st_mode), os.major(st.st_rdev), os.minor(st.st_rdev), mode(p))
                """, d).ok());
        assertEquals(Posix.S_IFCHR, Posix.type(d.resolve("null")));
    }

    @Test
    void mknodDeviceAsUserIsEpermButFifoAndSocketAreAllowed() throws Exception {
        Path d = fx.newDir("mknod-user", 0777);
        assertEquals("EPERM EPERM OK OK OK", alice.run("""
                d = A[0]
                out(err(os.mknod, d + '/c', stat.S_IFCHR | 0o600, os.makedev(1, 3)),
                    err(os.mknod, d + '/b', stat.S_IFBLK | 0o600, os.makedev(7, 0)),
                    err(os.mknod, d + '/p', stat.S_IFIFO | 0o600),
                    err(os.mknod, d + '/s', stat.S_IFSOCK | 0o600),
                    err(os.mknod, d + '/r', stat.S_IFREG | 0o600))
                """, d).ok());
        assertEquals(Posix.S_IFIFO, Posix.type(d.resolve("p")));
        assertEquals(Posix.S_IFSOCK, Posix.type(d.resolve("s")));
        assertEquals(Posix.S_IFREG, Posix.type(d.resolve("r")));
        assertEquals(ALICE, Posix.uid(d.resolve("s")));
        assertTrue(Files.notExists(d.resolve("c")));
    }
}
