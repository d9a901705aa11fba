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

/** Extended attributes in the user and trusted namespaces. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class XattrTest {

    @RegisterExtension
    static final SharedMount fx = new SharedMount("xattr");
    private static final Actor root = Actor.root();
    private static final Actor alice = Actor.as(ALICE, STAFF, STAFF);

    @Test
    void userXattrSetGetListRemove() throws Exception {
        Path f = Files.writeString(fx.newDir("user").resolve("f"), "x");
        assertEquals("""
                get b'value one'
                list ['user.a', 'user.b']
                b b'\\x00\\x01binary\\xff'
                remove OK
                list ['user.b']
                get ENODATA
                remove ENODATA""", root.run("""
                p = A[0]
                os.setxattr(p, 'user.a', b'value one')
                os.setxattr(p, 'user.b', b'\\x00\\x01binary\\xff')
                out('get', os.getxattr(p, 'user.a'))
                out('list', sorted(x for x in os.listxattr(p) if x.startswith('user.')))
                out('b', os.getxattr(p, 'user.b'))
                out('remove', err(os.removexattr, p, 'user.a'))
                out('list', sorted(x for x in os.listxattr(p) if x.startswith('user.')))
                out('get', err(os.getxattr, p, 'user.a'))
                out('remove', err(os.removexattr, p, 'user.a'))
                """, f).ok());
    }

    @Test
    void createAndReplaceFlags() throws Exception {
        Path f = Files.writeString(fx.newDir("flags").resolve("f"), "x");
        assertEquals("""
                create-new OK
                create-existing EEXIST
                replace-missing ENODATA
                replace-existing OK
                value b'second'""", root.run("""
                p = A[0]
                out('create-new', err(os.setxattr, p, 'user.k', b'first', os.XATTR_CREATE))
                out('create-existing', err(os.setxattr, p, 'user.k', b'again', os.XATTR_CREATE))
                out('replace-missing', err(os.setxattr, p, 'user.missing', b'v', os.XATTR_REPLACE))
                out('replace-existing', err(os.setxattr, p, 'user.k', b'second', os.XATTR_REPLACE))
                out('value', os.getxattr(p, 'user.k'))
                """, f).ok());
    }

    @Test
    void largeAndEmptyValues() throws Exception {
        Path f = Files.writeString(fx.newDir("large").resolve("f"), "x");
        // 4000 bytes: just under what one 4 KiB ext4 xattr block holds (4096 itself is ENOSPC).
        assertEquals("4000 True 0 b''", root.run("""
                p = A[0]
                v = bytes((i * 7 + 3) % 256 for i in range(4000))
                os.setxattr(p, 'user.large', v)
                os.setxattr(p, 'user.empty', b'')
                g = os.getxattr(p, 'user.large')
                e = os.getxattr(p, 'user.empty')
                out(len(g), g == v, len(e), e)
                """, f).ok());
    }

    @Test
    void manyNamesAreAllListed() throws Exception {
        Path f = Files.writeString(fx.newDir("many").resolve("f"), "x");
        // A list well over 256 bytes, within ext4's ~4 KiB of xattr space per inode.
        assertEquals("40 True", root.run("""
                p = A[0]
                names = ['user.name-number-%03d' % i for i in range(40)]
                for i, n in enumerate(names):
                    os.setxattr(p, n, b'%d' % i)
                got = sorted(x for x in os.listxattr(p) if x.startswith('user.'))
                out(len(got), got == names and all(os.getxattr(p, n) == b'%d' % i for i, n in enumerate(names)))
                """, f).ok());
    }

    @Test
    void xattrsOnDirectories() throws Exception {
        Path d = Files.createDirectory(fx.newDir("dirs").resolve("d"));
        assertEquals("b'on a dir'", root.run("""
                os.setxattr(A[0], 'user.d', b'on a dir')
                out(os.getxattr(A[0], 'user.d'))
                """, d).ok());
    }

    @Test
    void userXattrOnSymlinkItselfIsEperm() throws Exception {
        Path d = fx.newDir("symlink");
        Files.writeString(d.resolve("t"), "t");
        Path l = Files.createSymbolicLink(d.resolve("l"), Path.of("t"));
        assertEquals("EPERM OK b'via link'", root.run("""
                l = A[0]
                a = err(os.setxattr, l, 'user.x', b'v', follow_symlinks=False)
                b = err(os.setxattr, l, 'user.x', b'via link')
                out(a, b, os.getxattr(A[1], 'user.x'))
                """, l, d.resolve("t")).ok());
    }

    @Test
    void userXattrNeedsWritePermission() throws Exception {
        Path f = Posix.file(fx.newDir("perm").resolve("f"), "x", 0644, 0, 0);
        root.run("os.setxattr(A[0], 'user.k', b'root value')", f).ok();
        assertEquals("EACCES EACCES b'root value'", alice.run("""
                p = A[0]
                out(err(os.setxattr, p, 'user.k', b'v'), err(os.removexattr, p, 'user.k'), os.getxattr(p, 'user.k'))
                """, f).ok());
        Posix.chmod(f, 0600);
        assertEquals("EACCES", alice.run("out(err(os.getxattr, A[0], 'user.k'))", f).ok());
    }

    @Test
    void trustedXattrAsRoot() throws Exception {
        Path f = Files.writeString(fx.newDir("trusted").resolve("f"), "x");
        assertEquals("""
                set OK
                get b'only root'
                listed True
                remove OK
                get ENODATA""", root.run("""
                p = A[0]
                out('set', err(os.setxattr, p, 'trusted.handlefs-test', b'only root'))
                out('get', os.getxattr(p, 'trusted.handlefs-test'))
                out('listed', 'trusted.handlefs-test' in os.listxattr(p))
                out('remove', err(os.removexattr, p, 'trusted.handlefs-test'))
                out('get', err(os.getxattr, p, 'trusted.handlefs-test'))
                """, f).ok());
    }

    @Test
    void trustedXattrIsInvisibleToNonRoot() throws Exception {
        Path f = Posix.file(fx.newDir("trusted-user").resolve("f"), "x", 0666, ALICE, STAFF);
        root.run("os.setxattr(A[0], 'trusted.secret', b's'); os.setxattr(A[0], 'user.open', b'o')", f).ok();
        assertEquals("""
                get ENODATA
                set EPERM
                list ['user.open']""", alice.run("""
                p = A[0]
                out('get', err(os.getxattr, p, 'trusted.secret'))
                out('set', err(os.setxattr, p, 'trusted.mine', b'v'))
                out('list', sorted(os.listxattr(p)))
                """, f).ok());
    }
}
