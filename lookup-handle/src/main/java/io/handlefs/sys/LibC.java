package io.handlefs.sys;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;

/**
 * The libc functions handlefs calls, bound once by jnr-ffi. Package-private: only {@link Sys}
 * calls it, and checks every result.
 *
 * <p>Conventions: every pointer is a {@code long} native address (names are NUL-terminated bytes
 * that {@code Sys} writes into per-thread scratch memory; buffers are direct ByteBuffers whose
 * address plus position {@code Sys} computes), so jnr never encodes a String nor copies an array.
 * A Java {@code long} is a 64-bit native integer in jnr-ffi, which on x86_64 (LP64) also holds
 * {@code size_t}, {@code ssize_t}, {@code off_t}, {@code dev_t} and pointers. jnr saves errno after
 * every call ({@link LibraryOption#SaveError}); {@code Sys} reads it with
 * {@code Runtime.getLastError}.
 *
 * <p>No method here has exactly six parameters: jnr-ffi 2.2.17 / jffi 1.3.13 pass a garbage
 * sixth argument (register r9) to six-parameter functions on x86_64 (jnr/jnr-ffi issue #181;
 * seen here as copy_file_range receiving random flags). Seven-parameter calls, whose last
 * argument goes on the stack, are correct, so {@link Functions#syscall} takes seven and
 * copy_file_range goes through it. {@code LibCTest} guards this rule.
 *
 * <p>{@link Functions} must be a public interface because jnr-ffi generates its implementation
 * in its own class loader; nesting it in this package-private class keeps it out of reach of
 * Java code outside {@code io.handlefs.sys}.
 */
final class LibC {
    private LibC() {}

    static final Functions INSTANCE = LibraryLoader.create(Functions.class)
            .option(LibraryOption.SaveError, Boolean.TRUE)
            .option(LibraryOption.LoadNow, Boolean.TRUE)
            .load("c");

    /** The libc symbols, one method each (names are the C names). */
    public interface Functions {

        /** syscall(2) with six register arguments (unused ones are ignored by the kernel). Seven parameters: see above. */
        long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

        int open(long path, int flags, int mode);
        int openat(int dirFd, long name, int flags, int mode);
        int close(int fd);
        int dup(int fd);
        int fcntl(int fd, int cmd, long arg);

        long readlinkat(int dirFd, long name, long buf, long size);
        int mkdirat(int dirFd, long name, int mode);
        int mknodat(int dirFd, long name, int mode, long dev);
        int symlinkat(long target, int dirFd, long name);
        int unlinkat(int dirFd, long name, int flags);
        int renameat2(int oldDirFd, long oldName, int newDirFd, long newName, int flags);
        int linkat(int oldDirFd, long oldName, int newDirFd, long newName, int flags);
        int fchmod(int fd, int mode);
        int fchmodat(int dirFd, long name, int mode, int flags);
        int faccessat(int dirFd, long name, int mode, int flags);
        int fchownat(int dirFd, long name, int uid, int gid, int flags);
        int utimensat(int dirFd, long name, long times, int flags);
        int fstatfs(int fd, long buf);

        int ftruncate(int fd, long length);
        int fallocate(int fd, int mode, long offset, long length);
        long pread(int fd, long buf, long count, long offset);
        long pwrite(int fd, long buf, long count, long offset);
        long pwritev(int fd, long iov, int iovcnt, long offset);
        long read(int fd, long buf, long count);
        long write(int fd, long buf, long count);
        long writev(int fd, long iov, int iovcnt);
        long lseek(int fd, long offset, int whence);
        int fsync(int fd);
        int fdatasync(int fd);

        long getxattr(long path, long name, long value, long size);
        int setxattr(long path, long name, long value, long size, int flags);
        long listxattr(long path, long list, long size);
        int removexattr(long path, long name);

        int flock(int fd, int operation);
        int getuid();
        int getgid();

        int mount(long source, long target, long fsType, long flags, long data);
        int umount2(long target, int flags);
        int ioctl(int fd, long request, long arg);
        int socketpair(int domain, int type, int protocol, long sv);
        long recvmsg(int fd, long msg, int flags);
        long sendmsg(int fd, long msg, int flags);
        int poll(long fds, long nfds, int timeout);
        int kill(int pid, int signal);
        int waitpid(int pid, long status, int options);

        // posix_spawn family: these return an error number instead of setting errno.
        int posix_spawn_file_actions_init(long fileActions);
        int posix_spawn_file_actions_adddup2(long fileActions, int fd, int newFd);
        int posix_spawn_file_actions_destroy(long fileActions);
        /** C has six parameters; the seventh is ignored by the callee (see the class comment). */
        int posix_spawnp(long pid, long file, long fileActions, long attr, long argv, long envp, long unused);
    }
}
