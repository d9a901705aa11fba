package io.handlefs.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Advisory locks between two processes (a python parent and its forked child, each opening
 * the file itself): OFD locks, POSIX record locks, flock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class LockCases {

    /** The mount these cases run on. */
    abstract SharedMount fx();
    private static final Actor root = Actor.root();

    /**
     * Prelude for lock snippets: {@code two(parent, child)} forks; the child runs
     * {@code child(step)} and the parent {@code parent(step)} in lock-step: each step of the
     * parent is followed by the same step of the child. The child's printed lines are relayed.
     */
    private static final String TWO = """
            def flk(t, start=0, length=0):
                return struct.pack('hhqqi4x', t, 0, start, length, 0)
            def ofd(fd, t, start=0, length=0, wait=False):
                cmd = fcntl.F_OFD_SETLKW if wait else fcntl.F_OFD_SETLK
                return err(fcntl.fcntl, fd, cmd, flk(t, start, length))
            def ofd_after_close(fd, t, start=0, length=0):
                # Over FUSE the last close of an open file reaches the daemon as RELEASE, which
                # the kernel sends without waiting for it: its OFD locks go a moment after close().
                deadline = time.monotonic() + 2
                while True:
                    r = ofd(fd, t, start, length)
                    if r == 'OK' or time.monotonic() > deadline:
                        return r
                    time.sleep(0.005)
            def two(steps, parent, child):
                p2c_r, p2c_w = os.pipe()
                c2p_r, c2p_w = os.pipe()
                pid = os.fork()
                if pid == 0:
                    os.close(p2c_w); os.close(c2p_r)
                    try:
                        for i in range(steps):
                            os.read(p2c_r, 1)
                            r = child(i)
                            os.write(c2p_w, (str(r) + '\\n').encode())
                    finally:
                        os._exit(0)
                os.close(p2c_r); os.close(c2p_w)
                rd = os.fdopen(c2p_r)
                res = []
                for i in range(steps):
                    parent(i)
                    os.write(p2c_w, b'x')
                    res.append(rd.readline().strip())
                os.waitpid(pid, 0)
                out(' '.join(res))
            """;

    /** Runs the snippet, after the {@link #TWO} prelude, on a new 1000-byte file (A[0]) in a new directory. */
    private String onNewFile(String dir, String snippet) throws Exception {
        Path f = Files.writeString(fx().newDir(dir).resolve("f"), "0123456789".repeat(100));
        return root.run(TWO + snippet, f).ok();
    }

    @Test
    void ofdLockConflictsUntilClose() throws Exception {
        assertEquals("EAGAIN EAGAIN OK", onNewFile("ofd", """
                state = {}
                def parent(i):
                    if i == 0:
                        state['fd'] = os.open(A[0], os.O_RDWR)
                        assert ofd(state['fd'], fcntl.F_WRLCK) == 'OK'
                    if i == 2:
                        os.close(state['fd'])
                cfd = None
                def child(i):
                    global cfd
                    if cfd is None:
                        cfd = os.open(A[0], os.O_RDWR)
                    if i == 1:
                        return ofd(cfd, fcntl.F_RDLCK)
                    if i == 2:
                        return ofd_after_close(cfd, fcntl.F_WRLCK)
                    return ofd(cfd, fcntl.F_WRLCK)
                two(3, parent, child)
                """));
    }

    @Test
    void ofdLocksConflictWithinOneProcessAcrossOpens() throws Exception {
        assertEquals("OK EAGAIN OK OK", onNewFile("ofd-same", """
                # two opens = two open file descriptions = two lock owners, even in one process
                a = os.open(A[0], os.O_RDWR)
                b = os.open(A[0], os.O_RDWR)
                r = [ofd(a, fcntl.F_WRLCK, 0, 10), ofd(b, fcntl.F_WRLCK, 5, 10), ofd(b, fcntl.F_WRLCK, 10, 10)]
                os.close(a)
                r.append(ofd_after_close(b, fcntl.F_WRLCK, 0, 10))
                out(*r)
                """));
    }

    @Test
    void posixLockConflictsUntilClose() throws Exception {
        String out = onNewFile("posix", """
                state = {}
                def parent(i):
                    if i == 0:
                        state['f'] = open(A[0], 'r+b')
                        fcntl.lockf(state['f'], fcntl.LOCK_EX | fcntl.LOCK_NB)
                    if i == 1:
                        state['f'].close()
                def child(i):
                    with open(A[0], 'r+b') as g:
                        return err(fcntl.lockf, g, fcntl.LOCK_EX | fcntl.LOCK_NB)
                two(2, parent, child)
                """);
        // POSIX allows either errno for a conflicting F_SETLK; Linux says EAGAIN.
        String[] r = out.split(" ");
        assertEquals(2, r.length, out);
        assertEquals(true, r[0].equals("EAGAIN") || r[0].equals("EACCES"), out);
        assertEquals("OK", r[1], out);
    }

    @Test
    void posixLockRangesAndSharedLocks() throws Exception {
        assertEquals("OK OK EAGAIN OK", onNewFile("posix-ranges", """
                state = {}
                def parent(i):
                    if i == 0:
                        state['f'] = open(A[0], 'r+b')
                        fcntl.lockf(state['f'], fcntl.LOCK_EX | fcntl.LOCK_NB, 100, 0)
                        fcntl.lockf(state['f'], fcntl.LOCK_SH | fcntl.LOCK_NB, 100, 200)
                g = None
                def child(i):
                    global g
                    g = g or open(A[0], 'r+b')
                    if i == 0:
                        return err(fcntl.lockf, g, fcntl.LOCK_EX | fcntl.LOCK_NB, 100, 100)
                    if i == 1:
                        return err(fcntl.lockf, g, fcntl.LOCK_SH | fcntl.LOCK_NB, 100, 200)
                    if i == 2:
                        return err(fcntl.lockf, g, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 250)
                    return err(fcntl.lockf, g, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 5000)
                two(4, parent, child)
                """));
    }

    @Test
    void posixLockIsReleasedWhenAnyFdOfTheFileIsClosed() throws Exception {
        assertEquals("EAGAIN OK", onNewFile("posix-anyfd", """
                state = {}
                def parent(i):
                    if i == 0:
                        state['f'] = open(A[0], 'r+b')
                        fcntl.lockf(state['f'], fcntl.LOCK_EX | fcntl.LOCK_NB)
                    if i == 1:
                        # POSIX: closing any fd of the file drops the process's locks on it.
                        os.close(os.open(A[0], os.O_RDONLY))
                def child(i):
                    with open(A[0], 'r+b') as g:
                        return err(fcntl.lockf, g, fcntl.LOCK_EX | fcntl.LOCK_NB)
                two(2, parent, child)
                """));
    }

    /** With locks=lower a lock through the mount is on the lower file; with local locks only the mount has it. */
    @Test
    void aLockThroughTheMountIsOnTheLowerFileOnlyWithLowerLocks() throws Exception {
        Path f = Files.writeString(fx().newDir("where").resolve("f"), "0123456789");
        Path lowerFile = fx().lower().resolve(fx().mnt().relativize(f));
        assertEquals(fx().options().lowerLocks() ? "EAGAIN" : "OK", root.run(TWO + """
                state = {}
                def parent(i):
                    state['f'] = open(A[0], 'r+b')
                    fcntl.lockf(state['f'], fcntl.LOCK_EX | fcntl.LOCK_NB)
                def child(i):
                    with open(A[1], 'r+b') as g:
                        return err(fcntl.lockf, g, fcntl.LOCK_EX | fcntl.LOCK_NB)
                two(1, parent, child)
                """, f, lowerFile).ok());
    }

    @Test
    void getlkReportsTheConflictingLock() throws Exception {
        String wr = root.run("out(fcntl.F_WRLCK, fcntl.F_UNLCK)").ok();
        String[] t = wr.split(" ");
        assertEquals(t[0] + ",10,20 " + t[1], onNewFile("getlk", """
                state = {}
                def parent(i):
                    if i == 0:
                        state['f'] = open(A[0], 'r+b')
                        fcntl.lockf(state['f'], fcntl.LOCK_EX | fcntl.LOCK_NB, 20, 10)
                    if i == 1:
                        state['f'].close()
                def child(i):
                    with open(A[0], 'r+b') as g:
                        r = fcntl.fcntl(g, fcntl.F_GETLK, flk(fcntl.F_WRLCK, 0, 0))
                        typ, _, start, length, pid = struct.unpack('hhqqi4x', r)
                        return '%d,%d,%d' % (typ, start, length) if typ != fcntl.F_UNLCK else str(typ)
                two(2, parent, child)
                """));
    }

    @Test
    void blockingLockWaitsForRelease() throws Exception {
        assertEquals("OK waited", onNewFile("blocking", """
                fd = os.open(A[0], os.O_RDWR)
                fcntl.lockf(fd, fcntl.LOCK_EX)
                pid = os.fork()
                if pid == 0:
                    g = os.open(A[0], os.O_RDWR)
                    t = time.monotonic()
                    fcntl.lockf(g, fcntl.LOCK_EX)
                    os._exit(0 if time.monotonic() - t >= 0.25 else 3)
                time.sleep(0.4)
                os.close(fd)
                _, status = os.waitpid(pid, 0)
                out('OK', 'waited' if os.waitstatus_to_exitcode(status) == 0 else 'did not wait')
                """));
    }

    @Test
    void flockConflictsUntilClose() throws Exception {
        assertEquals("EAGAIN OK EAGAIN OK", onNewFile("flock", """
                state = {}
                def parent(i):
                    if i == 0:
                        state['fd'] = os.open(A[0], os.O_RDONLY)
                        fcntl.flock(state['fd'], fcntl.LOCK_EX | fcntl.LOCK_NB)
                    if i == 1:
                        os.close(state['fd'])
                    if i == 2:
                        state['fd'] = os.open(A[0], os.O_RDONLY)
                        fcntl.flock(state['fd'], fcntl.LOCK_SH | fcntl.LOCK_NB)
                def child(i):
                    fd = os.open(A[0], os.O_RDONLY)
                    try:
                        if i == 3:
                            return err(fcntl.flock, fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                        return err(fcntl.flock, fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    finally:
                        os.close(fd)
                two(4, parent, child)
                """));
    }
}
