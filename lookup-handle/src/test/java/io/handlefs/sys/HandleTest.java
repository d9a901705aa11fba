package io.handlefs.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandleTest {
    private static final long EXT4_SUPER_MAGIC = 0xEF53;
    private static final long TMPFS_MAGIC = 0x01021994;

    @TempDir
    Path dir;

    /** Handle of dir/f, reopened through a mount fd: same inode, same content. */
    private void roundTrip(Path root) throws Exception {
        Files.writeString(root.resolve("f"), "hello");
        Files.createDirectory(root.resolve("d"));
        int rootFd = Sys.open(root.toString(), Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
        int mountFd = Sys.open(root.toString(), Linux.O_RDONLY | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
        try {
            Stat st = Sys.statx(rootFd, "f", 0);
            KernelHandle h = Sys.nameToHandleAt(rootFd, "f", 0);
            assertTrue(h.bytes().length > 0 && h.bytes().length <= Linux.MAX_HANDLE_SZ);
            assertTrue(h.mountId() > 0);

            // the same handle through an O_PATH fd and AT_EMPTY_PATH
            int p = Sys.openat(rootFd, "f", Linux.O_PATH | Linux.O_CLOEXEC, 0);
            try {
                KernelHandle h2 = Sys.nameToHandleAt(p, "", Linux.AT_EMPTY_PATH);
                assertEquals(h.type(), h2.type());
                assertArrayEquals(h.bytes(), h2.bytes());
                assertEquals(h.mountId(), h2.mountId());
            } finally {
                Sys.close(p);
            }

            // open_by_handle_at wants a real fd as its mount fd: an O_PATH one is EBADF (Linux 6.18)
            assertSame(Errno.EBADF, assertThrows(ErrnoException.class,
                    () -> Sys.openByHandleAt(rootFd, h.type(), h.bytes(), Linux.O_RDONLY)).errno());
            int fd = Sys.openByHandleAt(mountFd, h.type(), h.bytes(), Linux.O_RDONLY | Linux.O_CLOEXEC);
            try {
                Stat again = Sys.statx(fd, "", Linux.AT_EMPTY_PATH);
                assertEquals(st.ino(), again.ino());
                assertEquals(st.dev(), again.dev());
                ByteBuffer b = ByteBuffer.allocateDirect(16);
                assertEquals(5, Sys.pread(fd, b, 0));
            } finally {
                Sys.close(fd);
            }

            // a directory handle survives a rename of the directory
            KernelHandle dh = Sys.nameToHandleAt(rootFd, "d", 0);
            assertNotEquals(0, dh.bytes().length);
            Sys.renameat2(rootFd, "d", rootFd, "d2", 0);
            int dfd = Sys.openByHandleAt(mountFd, dh.type(), dh.bytes(), Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC);
            try {
                assertEquals(Sys.statx(rootFd, "d2", 0).ino(), Sys.statx(dfd, "", Linux.AT_EMPTY_PATH).ino());
            } finally {
                Sys.close(dfd);
            }
        } finally {
            Sys.close(rootFd);
            Sys.close(mountFd);
        }
    }

    @Test
    void ext4RoundTrip() throws Exception {
        int fd = Sys.open(dir.toString(), Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
        try {
            assertEquals(EXT4_SUPER_MAGIC, Sys.fstatfs(fd).type(), "/tmp is expected to be ext4");
        } finally {
            Sys.close(fd);
        }
        roundTrip(dir);
    }

    @Test
    void tmpfsRoundTripAndStale() throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("mnt"));
        Sys.mount("tmpfs", mnt.toString(), "tmpfs", Linux.MS_NOSUID | Linux.MS_NODEV, "size=8m,mode=0755");
        try {
            int fd = Sys.open(mnt.toString(), Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
            try {
                StatFs fs = Sys.fstatfs(fd);
                assertEquals(TMPFS_MAGIC, fs.type());
                assertEquals(2048, fs.blocks() * fs.bsize() / 4096, "size=8m");
                assertTrue(fs.namelen() == 255);
            } finally {
                Sys.close(fd);
            }
            roundTrip(mnt);

            int rootFd = Sys.open(mnt.toString(), Linux.O_RDONLY | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
            try {
                Files.writeString(mnt.resolve("gone"), "x");
                KernelHandle h = Sys.nameToHandleAt(rootFd, "gone", 0);
                Sys.unlinkat(rootFd, "gone", 0);
                assertSame(Errno.ESTALE, assertThrows(ErrnoException.class,
                        () -> Sys.openByHandleAt(rootFd, h.type(), h.bytes(), Linux.O_RDONLY)).errno());
                assertSame(Errno.EINVAL, assertThrows(ErrnoException.class,
                        () -> Sys.openByHandleAt(rootFd, h.type(), new byte[Linux.MAX_HANDLE_SZ + 1], Linux.O_RDONLY)).errno());
            } finally {
                Sys.close(rootFd);
            }
        } finally {
            Sys.umount2(mnt.toString(), Linux.MNT_DETACH);
        }
        assertSame(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> Sys.umount2(mnt.toString(), 0)).errno(), "no longer a mount point");
    }

    @Test
    void procHasNoHandles() {
        int fd = Sys.open("/proc", Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
        try {
            assertSame(Errno.EOPNOTSUPP, assertThrows(ErrnoException.class,
                    () -> Sys.nameToHandleAt(fd, "self", 0)).errno());
        } finally {
            Sys.close(fd);
        }
    }
}
