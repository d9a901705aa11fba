package io.handlefs.sys;

import com.kenai.jffi.MemoryIO;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The checked syscall surface of handlefs: every native call the project makes goes through
 * this class, and every result is checked in one place ({@link #check}), failing with
 * {@link ErrnoException}.
 *
 * <p>Names are raw: every String that names a file or path, passed in or returned, holds the
 * bytes of the name one char per byte (ISO-8859-1; see {@link RawNames}), so any Linux name
 * round-trips. A name containing NUL or a char above 0xFF fails with EINVAL; one of
 * {@link Linux#PATH_MAX} bytes or more with ENAMETOOLONG. Names go to the kernel as
 * NUL-terminated bytes written into per-thread scratch memory ({@link Scratch}).
 *
 * <p>Buffers must be direct (else IllegalArgumentException); the kernel reads or writes them
 * from their position. Struct layouts are x86_64's, documented in {@link Scratch}; raw syscall
 * numbers live in {@link SyscallNumbers}.
 *
 * <p>All methods are thread-safe; the credential calls affect only the calling thread.
 */
public final class Sys {
    private Sys() {}

    private static final LibC.Functions LIBC = LibC.INSTANCE;
    private static final jnr.ffi.Runtime RUNTIME = jnr.ffi.Runtime.getRuntime(LIBC);

    // ---- the one place results are checked ---------------------------------------------

    /** {@code rc} unless it is -1, the failure return of libc and syscall(2): then errno as an exception. */
    private static long check(long rc, String call) {
        if (rc == -1) {
            throw new ErrnoException(RUNTIME.getLastError(), call);
        }
        return rc;
    }

    private static ErrnoException fail(Errno errno, String call) {
        return new ErrnoException(errno, call);
    }

    /** Writes raw name {@code s} NUL-terminated into scratch name slot {@code slot}; returns its address. */
    private static long name(Scratch s, int slot, String raw, String call) {
        int len = raw.length();
        if (len >= Scratch.NAME_SLOT_SIZE) {
            throw fail(Errno.ENAMETOOLONG, call);
        }
        ByteBuffer b = s.buf;
        int base = slot * Scratch.NAME_SLOT_SIZE;
        for (int i = 0; i < len; i++) {
            char c = raw.charAt(i);
            if (c == 0 || c > 0xff) {
                throw fail(Errno.EINVAL, call);
            }
            b.put(base + i, (byte) c);
        }
        b.put(base + len, (byte) 0);
        return s.address + base;
    }

    /** Like {@link #name}, but null becomes the NULL pointer. */
    private static long nameOrNull(Scratch s, int slot, String raw, String call) {
        return raw == null ? 0 : name(s, slot, raw, call);
    }

    private static long writable(ByteBuffer b) {
        if (b.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        return Scratch.addressAtPosition(b);
    }

    private static String rawString(ByteBuffer b, int offset, int length) {
        byte[] bytes = new byte[length];
        b.get(offset, bytes, 0, length);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static long syscall(long nr, long a1, long a2, long a3, long a4, long a5, String call) {
        return syscall(nr, a1, a2, a3, a4, a5, 0, call);
    }

    private static long syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6, String call) {
        if (nr < 0) {
            throw fail(Errno.ENOSYS, call + " (unsupported arch " + SyscallNumbers.ARCH + ")");
        }
        return check(LIBC.syscall(nr, a1, a2, a3, a4, a5, a6), call);
    }

    // ---- descriptors -------------------------------------------------------------------
    public static int open(String path, int flags, int mode) {
        Scratch s = Scratch.get();
        return (int) check(LIBC.open(name(s, 0, path, "open"), flags, mode), "open");
    }

    public static int openat(int dirFd, String name, int flags, int mode) {
        Scratch s = Scratch.get();
        return (int) check(LIBC.openat(dirFd, name(s, 0, name, "openat"), flags, mode), "openat");
    }

    /** Size of struct open_how. */
    private static final int OPEN_HOW_SIZE = 24;

    /** openat2(2) with struct open_how {flags, mode, resolve}. */
    public static int openat2(int dirFd, String name, long flags, long mode, long resolve) {
        Scratch s = Scratch.get();
        long path = name(s, 0, name, "openat2");
        ByteBuffer b = s.buf;
        b.putLong(Scratch.STRUCT, flags);
        b.putLong(Scratch.STRUCT + 8, mode);
        b.putLong(Scratch.STRUCT + 16, resolve);
        return (int) syscall(SyscallNumbers.OPENAT2, dirFd, path, s.address + Scratch.STRUCT,
                OPEN_HOW_SIZE, 0, "openat2");
    }

    /** close(2); EINTR is not retried (Linux closes the fd anyway). */
    public static void close(int fd) {
        try {
            check(LIBC.close(fd), "close");
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EINTR) {
                throw e;
            }
        }
    }

    public static int dup(int fd) {
        return (int) check(LIBC.dup(fd), "dup");
    }

    // ---- handles -----------------------------------------------------------------------
    /** Offset of the mount id in STRUCT, after a file_handle of MAX_HANDLE_SZ (8 bytes: room for a u64 unique id). */
    private static final int MOUNT_ID = Scratch.STRUCT + 8 + Linux.MAX_HANDLE_SZ;

    /** name_to_handle_at(2); starts with a 128-byte buffer (MAX_HANDLE_SZ) and retries on EOVERFLOW. */
    public static KernelHandle nameToHandleAt(int dirFd, String name, int flags) {
        Scratch s = Scratch.get();
        long path = name(s, 0, name, "name_to_handle_at");
        ByteBuffer fh = s.buf;
        int base = Scratch.STRUCT;
        long fhAddress = s.address + base;
        int capacity = Linux.MAX_HANDLE_SZ;
        for (int attempt = 0; ; attempt++) {
            fh.putInt(base, capacity);
            fh.putInt(base + 4, 0);
            s.buf.putLong(MOUNT_ID, 0);
            try {
                syscall(SyscallNumbers.NAME_TO_HANDLE_AT, dirFd, path, fhAddress, s.address + MOUNT_ID,
                        flags, "name_to_handle_at");
            } catch (ErrnoException e) {
                int needed = fh.getInt(base);
                if (e.errno() != Errno.EOVERFLOW || attempt > 0 || needed <= capacity) {
                    throw e;
                }
                capacity = needed;
                fh = ByteBuffer.allocateDirect(8 + capacity).order(ByteOrder.nativeOrder());
                base = 0;
                fhAddress = Scratch.addressAtPosition(fh);
                continue;
            }
            int length = fh.getInt(base);
            int type = fh.getInt(base + 4);
            byte[] bytes = new byte[length];
            fh.get(base + 8, bytes, 0, length);
            Reference.reachabilityFence(fh);
            return new KernelHandle(type, bytes, s.buf.getInt(MOUNT_ID));
        }
    }

    /**
     * open_by_handle_at(2). {@code mountFd} must be an ordinary open fd on the filesystem (e.g.
     * O_RDONLY | O_DIRECTORY of its root): Linux 6.18 answers EBADF for an O_PATH fd here.
     * A handle longer than {@link Linux#MAX_HANDLE_SZ} is EINVAL; a deleted file's is ESTALE.
     */
    public static int openByHandleAt(int mountFd, int handleType, byte[] handleBytes, int flags) {
        if (handleBytes.length > Linux.MAX_HANDLE_SZ) {
            throw fail(Errno.EINVAL, "open_by_handle_at"); // what the kernel answers too
        }
        Scratch s = Scratch.get();
        ByteBuffer b = s.buf;
        b.putInt(Scratch.STRUCT, handleBytes.length);
        b.putInt(Scratch.STRUCT + 4, handleType);
        b.put(Scratch.STRUCT + 8, handleBytes, 0, handleBytes.length);
        return (int) syscall(SyscallNumbers.OPEN_BY_HANDLE_AT, mountFd, s.address + Scratch.STRUCT, flags,
                0, 0, "open_by_handle_at");
    }

    // ---- metadata ----------------------------------------------------------------------
    /** statx(2) with STATX_BASIC_STATS; use name "" with AT_EMPTY_PATH for an fd. */
    public static Stat statx(int dirFd, String name, int flags) {
        Scratch s = Scratch.get();
        long path = name(s, 0, name, "statx");
        syscall(SyscallNumbers.STATX, dirFd, path, flags, Linux.STATX_BASIC_STATS,
                s.address + Scratch.STRUCT, "statx");
        ByteBuffer b = s.buf;
        int x = Scratch.STRUCT;
        return new Stat(
                b.getLong(x + 32),                                                        // ino
                Linux.makedev(Integer.toUnsignedLong(b.getInt(x + 136)),
                        Integer.toUnsignedLong(b.getInt(x + 140))),                      // dev
                Short.toUnsignedInt(b.getShort(x + 28)),                                  // mode
                b.getInt(x + 16),                                                         // nlink
                b.getInt(x + 20),                                                         // uid
                b.getInt(x + 24),                                                         // gid
                Linux.makedev(Integer.toUnsignedLong(b.getInt(x + 128)),
                        Integer.toUnsignedLong(b.getInt(x + 132))),                      // rdev
                b.getLong(x + 40),                                                        // size
                b.getLong(x + 48),                                                        // blocks
                b.getInt(x + 4),                                                          // blksize
                b.getLong(x + 64), b.getInt(x + 72),                                      // atime
                b.getLong(x + 112), b.getInt(x + 120),                                    // mtime
                b.getLong(x + 96), b.getInt(x + 104));                                    // ctime
    }

    public static String readlinkat(int dirFd, String name) {
        Scratch s = Scratch.get();
        long path = name(s, 0, name, "readlinkat");
        int out = Scratch.NAME_SLOT_SIZE; // slot 1 receives the target
        int n = (int) check(LIBC.readlinkat(dirFd, path, s.address + out, Scratch.NAME_SLOT_SIZE), "readlinkat");
        if (n < Scratch.NAME_SLOT_SIZE) {
            return rawString(s.buf, out, n);
        }
        // A target of PATH_MAX bytes or more (possible on some filesystems): grow until it fits.
        for (int size = 4 * Scratch.NAME_SLOT_SIZE; ; size *= 4) {
            ByteBuffer big = ByteBuffer.allocateDirect(size);
            n = (int) check(LIBC.readlinkat(dirFd, path, Scratch.addressAtPosition(big), size), "readlinkat");
            if (n < size) {
                return rawString(big, 0, n);
            }
        }
    }

    public static void mkdirat(int dirFd, String name, int mode) {
        Scratch s = Scratch.get();
        check(LIBC.mkdirat(dirFd, name(s, 0, name, "mkdirat"), mode), "mkdirat");
    }

    public static void mknodat(int dirFd, String name, int mode, long dev) {
        Scratch s = Scratch.get();
        check(LIBC.mknodat(dirFd, name(s, 0, name, "mknodat"), mode, dev), "mknodat");
    }

    public static void symlinkat(String target, int dirFd, String name) {
        Scratch s = Scratch.get();
        long t = name(s, 0, target, "symlinkat");
        check(LIBC.symlinkat(t, dirFd, name(s, 1, name, "symlinkat")), "symlinkat");
    }

    public static void unlinkat(int dirFd, String name, int flags) {
        Scratch s = Scratch.get();
        check(LIBC.unlinkat(dirFd, name(s, 0, name, "unlinkat"), flags), "unlinkat");
    }

    public static void renameat2(int oldDirFd, String oldName, int newDirFd, String newName, int flags) {
        Scratch s = Scratch.get();
        long o = name(s, 0, oldName, "renameat2");
        long n = name(s, 1, newName, "renameat2");
        check(LIBC.renameat2(oldDirFd, o, newDirFd, n, flags), "renameat2");
    }

    public static void linkat(int oldDirFd, String oldName, int newDirFd, String newName, int flags) {
        Scratch s = Scratch.get();
        long o = name(s, 0, oldName, "linkat");
        long n = name(s, 1, newName, "linkat");
        check(LIBC.linkat(oldDirFd, o, newDirFd, n, flags), "linkat");
    }

    public static void fchmod(int fd, int mode) {
        check(LIBC.fchmod(fd, mode), "fchmod");
    }

    public static void fchmodat(int dirFd, String name, int mode, int flags) {
        Scratch s = Scratch.get();
        check(LIBC.fchmodat(dirFd, name(s, 0, name, "fchmodat"), mode, flags), "fchmodat");
    }

    /** faccessat(2); with AT_EACCESS the check uses the thread's filesystem ids. */
    public static void faccessat(int dirFd, String name, int mode, int flags) {
        Scratch s = Scratch.get();
        check(LIBC.faccessat(dirFd, name(s, 0, name, "faccessat"), mode, flags), "faccessat");
    }

    /** fchownat(2); -1 leaves the uid or gid unchanged. */
    public static void fchownat(int dirFd, String name, int uid, int gid, int flags) {
        Scratch s = Scratch.get();
        check(LIBC.fchownat(dirFd, name(s, 0, name, "fchownat"), uid, gid, flags), "fchownat");
    }

    /** utimensat(2); nsec may be {@link Linux#UTIME_NOW} or {@link Linux#UTIME_OMIT}. */
    public static void utimensat(int dirFd, String name, long atimeSec, long atimeNsec,
                                 long mtimeSec, long mtimeNsec, int flags) {
        Scratch s = Scratch.get();
        long path = name(s, 0, name, "utimensat");
        ByteBuffer b = s.buf;
        b.putLong(Scratch.STRUCT, atimeSec);
        b.putLong(Scratch.STRUCT + 8, atimeNsec);
        b.putLong(Scratch.STRUCT + 16, mtimeSec);
        b.putLong(Scratch.STRUCT + 24, mtimeNsec);
        check(LIBC.utimensat(dirFd, path, s.address + Scratch.STRUCT, flags), "utimensat");
    }

    public static StatFs fstatfs(int fd) {
        Scratch s = Scratch.get();
        check(LIBC.fstatfs(fd, s.address + Scratch.STRUCT), "fstatfs");
        ByteBuffer b = s.buf;
        int x = Scratch.STRUCT;
        long fsid = (b.getInt(x + 56) & 0xffffffffL) | ((long) b.getInt(x + 60) << 32);
        return new StatFs(b.getLong(x), b.getLong(x + 8), b.getLong(x + 16), b.getLong(x + 24),
                b.getLong(x + 32), b.getLong(x + 40), b.getLong(x + 48), fsid, b.getLong(x + 64),
                b.getLong(x + 72), b.getLong(x + 80));
    }

    // ---- data --------------------------------------------------------------------------
    public static void ftruncate(int fd, long length) {
        check(LIBC.ftruncate(fd, length), "ftruncate");
    }

    public static void fallocate(int fd, int mode, long offset, long length) {
        check(LIBC.fallocate(fd, mode, offset, length), "fallocate");
    }

    /** pread(2) into dst from dst.position(), at most dst.remaining() bytes; advances the position; returns bytes read (0 at EOF). */
    public static int pread(int fd, ByteBuffer dst, long offset) {
        int n = (int) check(LIBC.pread(fd, writable(dst), dst.remaining(), offset), "pread");
        dst.position(dst.position() + n);
        return n;
    }

    /** pwrite(2) of src from src.position() to src.limit(); advances the position; returns bytes written. */
    public static int pwrite(int fd, ByteBuffer src, long offset) {
        int n = (int) check(LIBC.pwrite(fd, Scratch.addressAtPosition(src), src.remaining(), offset), "pwrite");
        src.position(src.position() + n);
        return n;
    }

    /** The most buffers one {@link #pwritev} call takes (its iovecs live in per-thread scratch memory). */
    public static final int PWRITEV_MAX = Scratch.MAX_SCRATCH_IOVECS;

    /**
     * pwritev(2) of {@code count} direct buffers from {@code from}, each from position to limit;
     * positions are NOT advanced; returns bytes written (a short write stops at any byte).
     */
    public static long pwritev(int fd, ByteBuffer[] buffers, int from, int count, long offset) {
        if (count > PWRITEV_MAX) {
            throw new IllegalArgumentException(count + " buffers, at most " + PWRITEV_MAX);
        }
        Scratch s = Scratch.get();
        for (int i = 0; i < count; i++) {
            ByteBuffer b = buffers[from + i];
            s.buf.putLong(Scratch.ARRAY + i * Scratch.IOVEC_SIZE, Scratch.addressAtPosition(b));
            s.buf.putLong(Scratch.ARRAY + i * Scratch.IOVEC_SIZE + 8, b.remaining());
        }
        long n = check(LIBC.pwritev(fd, s.address + Scratch.ARRAY, count, offset), "pwritev");
        Reference.reachabilityFence(buffers);
        return n;
    }

    /** read(2) into dst (position advances); returns bytes read. */
    public static int read(int fd, ByteBuffer dst) {
        int n = (int) check(LIBC.read(fd, writable(dst), dst.remaining()), "read");
        dst.position(dst.position() + n);
        return n;
    }

    /** write(2) of src from position to limit (position advances); returns bytes written. */
    public static int write(int fd, ByteBuffer src) {
        int n = (int) check(LIBC.write(fd, Scratch.addressAtPosition(src), src.remaining()), "write");
        src.position(src.position() + n);
        return n;
    }

    /** writev(2) of the buffers, each from position to limit; positions are NOT advanced; returns bytes written. */
    public static long writev(int fd, ByteBuffer... buffers) {
        Scratch s = Scratch.get();
        ByteBuffer iov;
        int base;
        long iovAddress;
        if (buffers.length <= Scratch.MAX_SCRATCH_IOVECS) {
            iov = s.buf;
            base = Scratch.ARRAY;
            iovAddress = s.address + base;
        } else {
            iov = ByteBuffer.allocateDirect(buffers.length * Scratch.IOVEC_SIZE).order(ByteOrder.nativeOrder());
            base = 0;
            iovAddress = Scratch.addressAtPosition(iov);
        }
        for (int i = 0; i < buffers.length; i++) {
            ByteBuffer b = buffers[i];
            iov.putLong(base + i * Scratch.IOVEC_SIZE, Scratch.addressAtPosition(b));
            iov.putLong(base + i * Scratch.IOVEC_SIZE + 8, b.remaining());
        }
        long n = check(LIBC.writev(fd, iovAddress, buffers.length), "writev");
        Reference.reachabilityFence(iov);
        Reference.reachabilityFence(buffers);
        return n;
    }

    /** getdents64(2) into dst from its position (position advances); returns bytes filled (0 at end). */
    public static int getdents64(int fd, ByteBuffer dst) {
        int n = (int) syscall(SyscallNumbers.GETDENTS64, fd, writable(dst), dst.remaining(), 0, 0, "getdents64");
        dst.position(dst.position() + n);
        return n;
    }

    public static long lseek(int fd, long offset, int whence) {
        return check(LIBC.lseek(fd, offset, whence), "lseek");
    }

    public static void fsync(int fd) {
        check(LIBC.fsync(fd), "fsync");
    }

    public static void fdatasync(int fd) {
        check(LIBC.fdatasync(fd), "fdatasync");
    }

    /**
     * copy_file_range(2). A negative offset passes NULL: that side uses and advances its file
     * offset. Returns bytes copied (0 at EOF of fdIn).
     */
    public static long copyFileRange(int fdIn, long offIn, int fdOut, long offOut, long length, int flags) {
        Scratch s = Scratch.get();
        ByteBuffer b = s.buf;
        b.putLong(Scratch.STRUCT, offIn);
        b.putLong(Scratch.STRUCT + 8, offOut);
        long in = offIn < 0 ? 0 : s.address + Scratch.STRUCT;
        long out = offOut < 0 ? 0 : s.address + Scratch.STRUCT + 8;
        return syscall(SyscallNumbers.COPY_FILE_RANGE, fdIn, in, fdOut, out, length, flags & 0xffffffffL,
                "copy_file_range");
    }

    // ---- extended attributes (path calls; pass "/proc/self/fd/N" for an O_PATH fd) -----
    /** getxattr(2): with a zero-capacity dst returns the size needed; else fills dst from position (advances). */
    public static int getxattr(String path, String name, ByteBuffer dst) {
        Scratch s = Scratch.get();
        long p = name(s, 0, path, "getxattr");
        long n = name(s, 1, name, "getxattr");
        if (dst == null || dst.remaining() == 0) {
            return (int) check(LIBC.getxattr(p, n, 0, 0), "getxattr");
        }
        int got = (int) check(LIBC.getxattr(p, n, writable(dst), dst.remaining()), "getxattr");
        dst.position(dst.position() + got);
        return got;
    }

    /** setxattr(2) of value from position to limit; the position is not changed. */
    public static void setxattr(String path, String name, ByteBuffer value, int flags) {
        Scratch s = Scratch.get();
        long p = name(s, 0, path, "setxattr");
        long n = name(s, 1, name, "setxattr");
        check(LIBC.setxattr(p, n, Scratch.addressAtPosition(value), value.remaining(), flags), "setxattr");
    }

    /** listxattr(2): NUL-separated names; zero-capacity dst returns the size needed. */
    public static int listxattr(String path, ByteBuffer dst) {
        Scratch s = Scratch.get();
        long p = name(s, 0, path, "listxattr");
        if (dst == null || dst.remaining() == 0) {
            return (int) check(LIBC.listxattr(p, 0, 0), "listxattr");
        }
        int got = (int) check(LIBC.listxattr(p, writable(dst), dst.remaining()), "listxattr");
        dst.position(dst.position() + got);
        return got;
    }

    public static void removexattr(String path, String name) {
        Scratch s = Scratch.get();
        long p = name(s, 0, path, "removexattr");
        check(LIBC.removexattr(p, name(s, 1, name, "removexattr")), "removexattr");
    }

    // ---- locks -------------------------------------------------------------------------
    /** fcntl(fd, cmd, struct flock*) for F_OFD_GETLK/SETLK/SETLKW (and F_GETLK/F_SETLK/F_SETLKW); GETLK returns the conflicting lock or one with type F_UNLCK. */
    public static Flock fcntlLock(int fd, int cmd, Flock lock) {
        Scratch s = Scratch.get();
        ByteBuffer b = s.buf;
        int x = Scratch.STRUCT;
        b.putShort(x, lock.type());
        b.putShort(x + 2, lock.whence());
        b.putInt(x + 4, 0);
        b.putLong(x + 8, lock.start());
        b.putLong(x + 16, lock.len());
        b.putInt(x + 24, lock.pid());
        b.putInt(x + 28, 0);
        check(LIBC.fcntl(fd, cmd, s.address + x), "fcntl");
        return new Flock(b.getShort(x), b.getShort(x + 2), b.getLong(x + 8), b.getLong(x + 16), b.getInt(x + 24));
    }

    public static void flock(int fd, int operation) {
        check(LIBC.flock(fd, operation), "flock");
    }

    // ---- per-thread credentials (raw syscalls, never glibc's process-wide wrappers) ----
    /**
     * Gives the calling thread its own umask of 0 (unshare(CLONE_FS), then umask(0)), so that the
     * modes a caller asks for reach the lower filesystem unmasked by the daemon's umask while the
     * rest of the process keeps its own.
     */
    public static void privateZeroUmask() {
        syscall(SyscallNumbers.UNSHARE, Linux.CLONE_FS, 0, 0, 0, 0, "unshare");
        syscall(SyscallNumbers.UMASK, 0, 0, 0, 0, 0, "umask");
    }

    /**
     * setfsuid(2) for the calling thread only. The syscall reports no error, so the result is
     * verified by reading the fsuid back (setfsuid(-1) changes nothing and returns the current
     * one); a refused change fails with EPERM.
     */
    public static void setfsuid(int uid) {
        syscall(SyscallNumbers.SETFSUID, uid & 0xffffffffL, 0, 0, 0, 0, "setfsuid");
        int now = (int) syscall(SyscallNumbers.SETFSUID, 0xffffffffL, 0, 0, 0, 0, "setfsuid");
        if (now != uid) {
            throw fail(Errno.EPERM, "setfsuid");
        }
    }

    /** setfsgid(2) for the calling thread only, verified like {@link #setfsuid}. */
    public static void setfsgid(int gid) {
        syscall(SyscallNumbers.SETFSGID, gid & 0xffffffffL, 0, 0, 0, 0, "setfsgid");
        int now = (int) syscall(SyscallNumbers.SETFSGID, 0xffffffffL, 0, 0, 0, 0, "setfsgid");
        if (now != gid) {
            throw fail(Errno.EPERM, "setfsgid");
        }
    }

    /** The raw setgroups syscall: replaces the supplementary groups of the calling thread only. */
    public static void setgroupsThread(int[] groups) {
        Scratch s = Scratch.get();
        ByteBuffer b;
        int base;
        long address;
        if (groups.length * 4 <= Scratch.ARRAY_SIZE) {
            b = s.buf;
            base = Scratch.ARRAY;
            address = s.address + base;
        } else {
            b = ByteBuffer.allocateDirect(groups.length * 4).order(ByteOrder.nativeOrder());
            base = 0;
            address = Scratch.addressAtPosition(b);
        }
        for (int i = 0; i < groups.length; i++) {
            b.putInt(base + 4 * i, groups[i]);
        }
        syscall(SyscallNumbers.SETGROUPS, groups.length, address, 0, 0, 0, "setgroups");
        Reference.reachabilityFence(b);
    }

    public static int getuid() {
        return LIBC.getuid();
    }

    public static int getgid() {
        return LIBC.getgid();
    }

    public static int gettid() {
        return (int) syscall(SyscallNumbers.GETTID, 0, 0, 0, 0, 0, "gettid");
    }

    // ---- mounts and devices --------------------------------------------------------------
    /** mount(2); source, fsType and data may be null. data is a raw string like names. */
    public static void mount(String source, String target, String fsType, long flags, String data) {
        Scratch s = Scratch.get();
        long src = nameOrNull(s, 0, source, "mount");
        long tgt = name(s, 1, target, "mount");
        long type = nameOrNull(s, 2, fsType, "mount");
        long d = nameOrNull(s, 3, data, "mount");
        check(LIBC.mount(src, tgt, type, flags, d), "mount");
    }

    public static void umount2(String target, int flags) {
        Scratch s = Scratch.get();
        check(LIBC.umount2(name(s, 0, target, "umount2"), flags), "umount2");
    }

    /** ioctl(fd, request, int*) — FUSE_DEV_IOC_CLONE takes the session fd this way. */
    public static int ioctlInt(int fd, long request, int value) {
        Scratch s = Scratch.get();
        s.buf.putInt(Scratch.STRUCT, value);
        return (int) check(LIBC.ioctl(fd, request, s.address + Scratch.STRUCT), "ioctl");
    }

    /** ioctl(fd, request, buf) with a direct buffer (for struct arguments such as fuse_backing_map); the argument starts at the buffer's position. */
    public static int ioctlBuffer(int fd, long request, ByteBuffer arg) {
        return (int) check(LIBC.ioctl(fd, request, Scratch.addressAtPosition(arg)), "ioctl");
    }

    /**
     * FUSE_DEV_IOC_BACKING_OPEN: registers an open file as a backing file of the connection of
     * deviceFd (struct fuse_backing_map {fd, flags 0, padding}); returns its backing id. The
     * kernel keeps the calling thread's credentials for the I/O it then does on the file.
     */
    public static int fuseBackingOpen(int deviceFd, int fd) {
        Scratch s = Scratch.get();
        s.buf.putInt(Scratch.STRUCT, fd);
        s.buf.putInt(Scratch.STRUCT + 4, 0);
        s.buf.putLong(Scratch.STRUCT + 8, 0);
        return (int) check(LIBC.ioctl(deviceFd, Linux.FUSE_DEV_IOC_BACKING_OPEN, s.address + Scratch.STRUCT),
                "ioctl FUSE_DEV_IOC_BACKING_OPEN");
    }

    /** FUSE_DEV_IOC_BACKING_CLOSE of a backing id. */
    public static void fuseBackingClose(int deviceFd, int backingId) {
        ioctlInt(deviceFd, Linux.FUSE_DEV_IOC_BACKING_CLOSE, backingId);
    }

    /** socketpair(AF_UNIX, SOCK_STREAM, 0) — returns two fds. */
    public static int[] socketpair() {
        Scratch s = Scratch.get();
        check(LIBC.socketpair(Linux.AF_UNIX, Linux.SOCK_STREAM, 0, s.address + Scratch.STRUCT), "socketpair");
        return new int[] {s.buf.getInt(Scratch.STRUCT), s.buf.getInt(Scratch.STRUCT + 4)};
    }

    // msghdr, iovec, one data byte and a control buffer, laid out in STRUCT (see Scratch).
    private static final int MSG = Scratch.STRUCT;
    private static final int MSG_IOV = Scratch.STRUCT + 64;
    private static final int MSG_DATA = Scratch.STRUCT + 80;
    private static final int MSG_CONTROL = Scratch.STRUCT + 96;
    /** Room for CMSG_SPACE(4 * 8): a sender that passes several fds has the extras closed. */
    private static final int MSG_CONTROL_SIZE = 48;
    private static final int CMSG_HEADER = 16;

    private static long prepareMsg(Scratch s, int controlLength) {
        ByteBuffer b = s.buf;
        for (int i = 0; i < 144; i += 8) {
            b.putLong(MSG + i, 0);
        }
        b.putLong(MSG_IOV, s.address + MSG_DATA);           // iov_base
        b.putLong(MSG_IOV + 8, 1);                           // iov_len: one byte
        b.putLong(MSG + 16, s.address + MSG_IOV);            // msg_iov
        b.putLong(MSG + 24, 1);                              // msg_iovlen
        b.putLong(MSG + 32, s.address + MSG_CONTROL);        // msg_control
        b.putLong(MSG + 40, controlLength);                  // msg_controllen
        return s.address + MSG;
    }

    /**
     * recvmsg(2) of one fd sent with SCM_RIGHTS (fusermount3's protocol); returns the fd, which
     * is close-on-exec (MSG_CMSG_CLOEXEC). The peer closing without sending fails with
     * ECONNRESET; a message without an fd fails with EPROTO.
     */
    public static int receiveFd(int socketFd) {
        Scratch s = Scratch.get();
        long msg = prepareMsg(s, MSG_CONTROL_SIZE);
        long n = check(LIBC.recvmsg(socketFd, msg, Linux.MSG_CMSG_CLOEXEC), "recvmsg");
        if (n == 0) {
            throw fail(Errno.ECONNRESET, "recvmsg");
        }
        ByteBuffer b = s.buf;
        long controlLength = b.getLong(MSG + 40);
        long cmsgLength = b.getLong(MSG_CONTROL);
        if (controlLength < CMSG_HEADER + 4 || cmsgLength < CMSG_HEADER + 4
                || b.getInt(MSG_CONTROL + 8) != Linux.SOL_SOCKET || b.getInt(MSG_CONTROL + 12) != Linux.SCM_RIGHTS) {
            throw fail(Errno.EPROTO, "recvmsg");
        }
        int count = (int) Math.min((cmsgLength - CMSG_HEADER) / 4, (MSG_CONTROL_SIZE - CMSG_HEADER) / 4);
        int fd = b.getInt(MSG_CONTROL + CMSG_HEADER);
        for (int i = 1; i < count; i++) {
            close(b.getInt(MSG_CONTROL + CMSG_HEADER + 4 * i));
        }
        return fd;
    }

    /** sendmsg(2) of one byte carrying {@code fd} with SCM_RIGHTS: the sending side of {@link #receiveFd}. */
    static void sendFd(int socketFd, int fd) {
        Scratch s = Scratch.get();
        long msg = prepareMsg(s, 24); // CMSG_SPACE(4)
        ByteBuffer b = s.buf;
        b.put(MSG_DATA, (byte) 0);
        b.putLong(MSG_CONTROL, CMSG_HEADER + 4);             // cmsg_len = CMSG_LEN(4)
        b.putInt(MSG_CONTROL + 8, Linux.SOL_SOCKET);
        b.putInt(MSG_CONTROL + 12, Linux.SCM_RIGHTS);
        b.putInt(MSG_CONTROL + CMSG_HEADER, fd);
        b.putInt(MSG_CONTROL + CMSG_HEADER + 4, 0);
        check(LIBC.sendmsg(socketFd, msg, 0), "sendmsg");
    }

    /** fcntl(fd, F_GETFL): the file status flags and access mode. */
    public static int fcntlGetFlags(int fd) {
        return (int) check(LIBC.fcntl(fd, Linux.F_GETFL, 0), "fcntl");
    }

    /** Room glibc needs for a posix_spawn_file_actions_t (80 bytes on x86_64 and arm64), rounded up. */
    private static final int FILE_ACTIONS_SIZE = 128;

    /**
     * posix_spawnp(3): runs argv[0] (searched in PATH) with exactly env, the child getting
     * {@code passFd} as its fd {@code childFd}. This is how a socket reaches fusermount3: Java's
     * ProcessBuilder closes every fd above 2 in the child. Returns the child's pid; reap it with
     * {@link #waitpid}.
     */
    public static int spawn(List<String> argv, List<String> env, int passFd, int childFd) {
        byte[][] strings = new byte[argv.size() + env.size()][];
        int stringBytes = 0;
        for (int i = 0; i < strings.length; i++) {
            String str = i < argv.size() ? argv.get(i) : env.get(i - argv.size());
            strings[i] = (str + "\0").getBytes(StandardCharsets.UTF_8);
            stringBytes += strings[i].length;
        }
        int argvTable = FILE_ACTIONS_SIZE + 8;               // after the file actions and the pid
        int envTable = argvTable + 8 * (argv.size() + 1);
        int text = envTable + 8 * (env.size() + 1);
        ByteBuffer mem = ByteBuffer.allocateDirect(text + stringBytes).order(ByteOrder.nativeOrder());
        long base = Scratch.addressAtPosition(mem);
        int at = text;
        for (int i = 0; i < strings.length; i++) {
            int slot = i < argv.size() ? argvTable + 8 * i : envTable + 8 * (i - argv.size());
            mem.putLong(slot, base + at);
            mem.put(at, strings[i]);
            at += strings[i].length;
        }
        spawnCheck(LIBC.posix_spawn_file_actions_init(base), "posix_spawn_file_actions_init");
        try {
            spawnCheck(LIBC.posix_spawn_file_actions_adddup2(base, passFd, childFd), "posix_spawn_file_actions_adddup2");
            spawnCheck(LIBC.posix_spawnp(base + FILE_ACTIONS_SIZE, mem.getLong(argvTable), base, 0,
                    base + argvTable, base + envTable, 0), "posix_spawnp " + argv.get(0));
            return mem.getInt(FILE_ACTIONS_SIZE);
        } finally {
            LIBC.posix_spawn_file_actions_destroy(base);
            Reference.reachabilityFence(mem);
        }
    }

    private static void spawnCheck(int rc, String call) {
        if (rc != 0) {
            throw fail(Errno.of(rc), call);
        }
    }

    /** waitpid(2) for one child: its exit status, or 128 + the signal that killed it. */
    public static int waitpid(int pid) {
        Scratch s = Scratch.get();
        check(LIBC.waitpid(pid, s.address + Scratch.STRUCT, 0), "waitpid");
        int status = s.buf.getInt(Scratch.STRUCT);
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
    }

    /**
     * poll(2) on one fd for POLLIN with a timeout in ms (-1: forever); returns true if a read
     * would not block (POLLIN, or POLLHUP / POLLERR, where read reports EOF or the error).
     * An invalid fd fails with EBADF.
     */
    public static boolean pollIn(int fd, int timeoutMillis) {
        Scratch s = Scratch.get();
        ByteBuffer b = s.buf;
        b.putInt(Scratch.STRUCT, fd);
        b.putShort(Scratch.STRUCT + 4, Linux.POLLIN);
        b.putShort(Scratch.STRUCT + 6, (short) 0);
        int ready = (int) check(LIBC.poll(s.address + Scratch.STRUCT, 1, timeoutMillis), "poll");
        if (ready == 0) {
            return false;
        }
        short revents = b.getShort(Scratch.STRUCT + 6);
        if ((revents & Linux.POLLNVAL) != 0) {
            throw fail(Errno.EBADF, "poll");
        }
        return (revents & (Linux.POLLIN | Linux.POLLHUP | Linux.POLLERR)) != 0;
    }

    // ---- memory, CPUs, io_uring (FUSE over io_uring) -----------------------------------

    /** The native address of a direct buffer's first byte, for structs that point at buffers. */
    public static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("buffer must be direct");
        }
        return MemoryIO.getInstance().getDirectBufferAddress(direct);
    }

    /** mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_POPULATE, fd, offset), as a little-endian buffer. */
    public static ByteBuffer mmapShared(int fd, long offset, int length) {
        long addr = syscall(SyscallNumbers.MMAP, 0, length, Linux.PROT_READ | Linux.PROT_WRITE,
                Linux.MAP_SHARED | Linux.MAP_POPULATE, fd, offset, "mmap");
        return MemoryIO.getInstance().newDirectByteBuffer(addr, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** munmap of a whole mapping made by {@link #mmapShared}. */
    public static void munmap(ByteBuffer mapping) {
        syscall(SyscallNumbers.MUNMAP, address(mapping), mapping.capacity(), 0, 0, 0, "munmap");
    }

    /** sched_setaffinity(0, ...): binds the calling thread to one CPU. */
    public static void bindThreadToCpu(int cpu) {
        Scratch s = Scratch.get();
        int words = cpu / 64 + 1;
        if (words * 8 > Scratch.STRUCT_SIZE) {
            throw fail(Errno.EINVAL, "sched_setaffinity");
        }
        for (int i = 0; i < words; i++) {
            s.buf.putLong(Scratch.STRUCT + i * 8, i == cpu / 64 ? 1L << (cpu % 64) : 0);
        }
        syscall(SyscallNumbers.SCHED_SETAFFINITY, 0, words * 8L, s.address + Scratch.STRUCT, 0, 0, "sched_setaffinity");
    }

    /** eventfd2(0, EFD_CLOEXEC). */
    public static int eventfd() {
        return (int) syscall(SyscallNumbers.EVENTFD2, 0, Linux.EFD_CLOEXEC, 0, 0, 0, "eventfd2");
    }

    /** io_uring_setup(entries, params): params (struct io_uring_params, 120 bytes) from its position 0; returns the ring fd. */
    public static int ioUringSetup(int entries, ByteBuffer params) {
        return (int) syscall(SyscallNumbers.IO_URING_SETUP, entries, address(params), 0, 0, 0, "io_uring_setup");
    }

    /** io_uring_enter(fd, toSubmit, minComplete, flags, NULL, 0): returns how many SQEs the kernel took. */
    public static int ioUringEnter(int fd, int toSubmit, int minComplete, int flags) {
        return (int) syscall(SyscallNumbers.IO_URING_ENTER, fd, toSubmit, minComplete, flags, 0, 0, "io_uring_enter");
    }

    /** kill(2). */
    public static void kill(int pid, int signal) {
        check(LIBC.kill(pid, signal), "kill");
    }
}
