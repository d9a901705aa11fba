package io.handlefs.sys;

import java.nio.ByteBuffer;

/**
 * The checked syscall surface of handlefs: every native call the project makes goes through
 * this class, and every result is checked in one place, failing with {@link ErrnoException}.
 * Paths and names are passed as Java strings (UTF-8 on the wire). Buffers must be direct.
 * All methods are thread-safe; the credential calls affect only the calling thread.
 */
public final class Sys {
    private Sys() {}

    // ---- descriptors -------------------------------------------------------------------
    public static int open(String path, int flags, int mode) { throw new UnsupportedOperationException(); }
    public static int openat(int dirFd, String name, int flags, int mode) { throw new UnsupportedOperationException(); }
    /** openat2(2) with struct open_how {flags, mode, resolve}. */
    public static int openat2(int dirFd, String name, long flags, long mode, long resolve) { throw new UnsupportedOperationException(); }
    /** close(2); EINTR is not retried (Linux closes the fd anyway). */
    public static void close(int fd) { throw new UnsupportedOperationException(); }
    public static int dup(int fd) { throw new UnsupportedOperationException(); }

    // ---- handles -----------------------------------------------------------------------
    /** name_to_handle_at(2); starts with a 128-byte buffer (MAX_HANDLE_SZ) and retries on EOVERFLOW. */
    public static KernelHandle nameToHandleAt(int dirFd, String name, int flags) { throw new UnsupportedOperationException(); }
    public static int openByHandleAt(int mountFd, int handleType, byte[] handleBytes, int flags) { throw new UnsupportedOperationException(); }

    // ---- metadata ----------------------------------------------------------------------
    /** statx(2) with STATX_BASIC_STATS; use name "" with AT_EMPTY_PATH for an fd. */
    public static Stat statx(int dirFd, String name, int flags) { throw new UnsupportedOperationException(); }
    public static String readlinkat(int dirFd, String name) { throw new UnsupportedOperationException(); }
    public static void mkdirat(int dirFd, String name, int mode) { throw new UnsupportedOperationException(); }
    public static void mknodat(int dirFd, String name, int mode, long dev) { throw new UnsupportedOperationException(); }
    public static void symlinkat(String target, int dirFd, String name) { throw new UnsupportedOperationException(); }
    public static void unlinkat(int dirFd, String name, int flags) { throw new UnsupportedOperationException(); }
    public static void renameat2(int oldDirFd, String oldName, int newDirFd, String newName, int flags) { throw new UnsupportedOperationException(); }
    public static void linkat(int oldDirFd, String oldName, int newDirFd, String newName, int flags) { throw new UnsupportedOperationException(); }
    public static void fchmod(int fd, int mode) { throw new UnsupportedOperationException(); }
    public static void fchmodat(int dirFd, String name, int mode, int flags) { throw new UnsupportedOperationException(); }
    public static void fchownat(int dirFd, String name, int uid, int gid, int flags) { throw new UnsupportedOperationException(); }
    /** utimensat(2); nsec may be {@link Linux#UTIME_NOW} or {@link Linux#UTIME_OMIT}. */
    public static void utimensat(int dirFd, String name, long atimeSec, long atimeNsec,
                                 long mtimeSec, long mtimeNsec, int flags) { throw new UnsupportedOperationException(); }
    public static StatFs fstatfs(int fd) { throw new UnsupportedOperationException(); }

    // ---- data --------------------------------------------------------------------------
    public static void ftruncate(int fd, long length) { throw new UnsupportedOperationException(); }
    public static void fallocate(int fd, int mode, long offset, long length) { throw new UnsupportedOperationException(); }
    /** pread(2) into dst from dst.position(), at most dst.remaining() bytes; advances the position; returns bytes read (0 at EOF). */
    public static int pread(int fd, ByteBuffer dst, long offset) { throw new UnsupportedOperationException(); }
    /** pwrite(2) of src from src.position() to src.limit(); advances the position; returns bytes written. */
    public static int pwrite(int fd, ByteBuffer src, long offset) { throw new UnsupportedOperationException(); }
    /** read(2) into dst (position advances); returns bytes read. */
    public static int read(int fd, ByteBuffer dst) { throw new UnsupportedOperationException(); }
    /** write(2) of src from position to limit (position advances); returns bytes written. */
    public static int write(int fd, ByteBuffer src) { throw new UnsupportedOperationException(); }
    /** writev(2) of the buffers, each from position to limit; positions are NOT advanced; returns bytes written. */
    public static long writev(int fd, ByteBuffer... buffers) { throw new UnsupportedOperationException(); }
    /** getdents64(2) into dst from its position (position advances); returns bytes filled (0 at end). */
    public static int getdents64(int fd, ByteBuffer dst) { throw new UnsupportedOperationException(); }
    public static long lseek(int fd, long offset, int whence) { throw new UnsupportedOperationException(); }
    public static void fsync(int fd) { throw new UnsupportedOperationException(); }
    public static void fdatasync(int fd) { throw new UnsupportedOperationException(); }
    public static long copyFileRange(int fdIn, long offIn, int fdOut, long offOut, long length, int flags) { throw new UnsupportedOperationException(); }

    // ---- extended attributes (path calls; pass "/proc/self/fd/N" for an O_PATH fd) -----
    /** getxattr(2): with a zero-capacity dst returns the size needed; else fills dst from position (advances). */
    public static int getxattr(String path, String name, ByteBuffer dst) { throw new UnsupportedOperationException(); }
    public static void setxattr(String path, String name, ByteBuffer value, int flags) { throw new UnsupportedOperationException(); }
    /** listxattr(2): NUL-separated names; zero-capacity dst returns the size needed. */
    public static int listxattr(String path, ByteBuffer dst) { throw new UnsupportedOperationException(); }
    public static void removexattr(String path, String name) { throw new UnsupportedOperationException(); }

    // ---- locks -------------------------------------------------------------------------
    /** fcntl(fd, cmd, struct flock*) for F_OFD_GETLK/SETLK/SETLKW (and F_GETLK/F_SETLK/F_SETLKW); GETLK returns the conflicting lock or one with type F_UNLCK. */
    public static Flock fcntlLock(int fd, int cmd, Flock lock) { throw new UnsupportedOperationException(); }
    public static void flock(int fd, int operation) { throw new UnsupportedOperationException(); }

    // ---- per-thread credentials (raw syscalls, never glibc's process-wide wrappers) ----
    public static void setfsuid(int uid) { throw new UnsupportedOperationException(); }
    public static void setfsgid(int gid) { throw new UnsupportedOperationException(); }
    public static void setgroupsThread(int[] groups) { throw new UnsupportedOperationException(); }
    public static int getuid() { throw new UnsupportedOperationException(); }
    public static int getgid() { throw new UnsupportedOperationException(); }
    public static int gettid() { throw new UnsupportedOperationException(); }

    // ---- mounts and devices --------------------------------------------------------------
    public static void mount(String source, String target, String fsType, long flags, String data) { throw new UnsupportedOperationException(); }
    public static void umount2(String target, int flags) { throw new UnsupportedOperationException(); }
    /** ioctl(fd, request, int*) — FUSE_DEV_IOC_CLONE takes the session fd this way. */
    public static int ioctlInt(int fd, long request, int value) { throw new UnsupportedOperationException(); }
    /** ioctl(fd, request, buf) with a direct buffer (for struct arguments such as fuse_backing_map). */
    public static int ioctlBuffer(int fd, long request, ByteBuffer arg) { throw new UnsupportedOperationException(); }
    /** socketpair(AF_UNIX, SOCK_STREAM, 0) — returns two fds. */
    public static int[] socketpair() { throw new UnsupportedOperationException(); }
    /** recvmsg(2) of one fd sent with SCM_RIGHTS (fusermount3's protocol); returns the fd. */
    public static int receiveFd(int socketFd) { throw new UnsupportedOperationException(); }
    /** fcntl(fd, F_SETFD, 0): clear close-on-exec so a child (fusermount3) inherits the fd. */
    public static void clearCloexec(int fd) { throw new UnsupportedOperationException(); }
    /** poll(2) on one fd for POLLIN with a timeout in ms; returns true if readable. */
    public static boolean pollIn(int fd, int timeoutMillis) { throw new UnsupportedOperationException(); }
    /** kill(2). */
    public static void kill(int pid, int signal) { throw new UnsupportedOperationException(); }
}
