package io.handlefs.tests;

import static io.handlefs.tests.Ids.ALICE;
import static io.handlefs.tests.Ids.STAFF;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * O_TMPFILE: an unnamed file in a directory, given a name later with
 * linkat("/proc/self/fd/N", AT_SYMLINK_FOLLOW). (Python's os.link uses link(2), which does not
 * follow the /proc magic link and fails with EXDEV, hence the ctypes linkat.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TmpfileTest {

    @RegisterExtension
    static final SharedMount fx = new SharedMount("tmpfile");

    private static final String TMPFILE = """
            d = A[0]
            os.umask(0o022)
            fd = os.open(d, os.O_TMPFILE | os.O_RDWR | (os.O_EXCL if A[2] == 'excl' else 0), 0o640)
            os.write(fd, b'unnamed content')
            out('before', os.listdir(d), os.fstat(fd).st_nlink)
            out('link', linkat('/proc/self/fd/%d' % fd, d + '/' + A[1], AT_SYMLINK_FOLLOW))
            os.write(fd, b', more')
            out('after', os.listdir(d), os.fstat(fd).st_nlink)
            os.close(fd)
            """;

    @Test
    void tmpfileIsUnnamedUntilLinked() throws Exception {
        Path d = fx.newDir("root");
        assertEquals("""
                before [] 0
                link OK
                after ['named'] 1""", Actor.root().run(TMPFILE, d, "named", "").ok());
        Path f = d.resolve("named");
        assertEquals("unnamed content, more", Files.readString(f));
        assertEquals("640", Posix.octal(Posix.perm(f)));
        assertEquals(0, Posix.uid(f));
    }

    @Test
    void tmpfileByUserIsOwnedByUser() throws Exception {
        Path d = fx.newDir("user", 0777);
        assertEquals("""
                before [] 0
                link OK
                after ['mine'] 1""", Actor.as(ALICE, STAFF, STAFF).run(TMPFILE, d, "mine", "").ok());
        Path f = d.resolve("mine");
        assertEquals(ALICE, Posix.uid(f));
        assertEquals(STAFF, Posix.gid(f));
        assertEquals("unnamed content, more", Files.readString(f));
    }

    @Test
    void exclusiveTmpfileCannotBeLinked() throws Exception {
        Path d = fx.newDir("excl");
        assertEquals("""
                before [] 0
                link ENOENT
                after [] 0""", Actor.root().run(TMPFILE, d, "never", "excl").ok());
    }

    @Test
    void tmpfileInUnwritableDirIsEacces() throws Exception {
        Path d = fx.newDir("nowrite", 0755);
        assertEquals("EACCES", Actor.as(ALICE, STAFF, STAFF)
                .run("out(err(os.open, A[0], os.O_TMPFILE | os.O_RDWR, 0o600))", d).ok());
    }
}
