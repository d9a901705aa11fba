package io.handlefs.bench;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Timespec;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A minimal path-based passthrough on jnr-fuse (libfuse 2's high-level API), as a Java user would
 * write one first: every path is the lower root plus the FUSE path, one libc call per operation,
 * reads and writes straight between libfuse's buffer and the lower fd. Only what the benchmark
 * needs (metadata and file I/O); libfuse's default timeouts (1 s) and its threads.
 *
 * <p>Usage: {@code JnrPassthrough LOWER MOUNTPOINT}; runs in the foreground until unmounted.
 */
public final class JnrPassthrough extends FuseStubFS {
    /** The few libc calls used; errors come back as -1 with errno. */
    public interface LibC {
        int open(String path, int flags, int mode);

        int close(int fd);

        @ssize_t long pread(int fd, Pointer buf, @size_t long count, @off_t long offset);

        @ssize_t long pwrite(int fd, Pointer buf, @size_t long count, @off_t long offset);

        int lstat(String path, Pointer stat);

        int unlink(String path);

        int mkdir(String path, int mode);

        int rmdir(String path);

        int rename(String from, String to);

        int truncate(String path, @off_t long size);

        int chmod(String path, int mode);

        int fsync(int fd);

        int utimensat(int dirfd, String path, Pointer times, int flags);
    }

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** sizeof(struct stat) on x86_64 */
    private static final int STAT_SIZE = 144;

    private final String lower;
    private final LibC libc = LibraryLoader.create(LibC.class).load("c");
    private final Runtime rt = Runtime.getRuntime(libc);
    private final ThreadLocal<Pointer> statBuf = ThreadLocal.withInitial(() -> Runtime.getRuntime(libc)
            .getMemoryManager().allocateDirect(STAT_SIZE));

    JnrPassthrough(String lower) {
        this.lower = lower;
    }

    private String lower(String path) {
        return lower + path;
    }

    private int errno() {
        return -rt.getLastError();
    }

    private int check(long rc) {
        return rc < 0 ? errno() : 0;
    }

    @Override
    public int getattr(String path, FileStat st) {
        Pointer b = statBuf.get();
        if (libc.lstat(lower(path), b) < 0) {
            return errno();
        }
        // struct stat, x86_64
        st.st_dev.set(b.getLong(0));
        st.st_ino.set(b.getLong(8));
        st.st_nlink.set(b.getLong(16));
        st.st_mode.set(b.getInt(24));
        st.st_uid.set(b.getInt(28));
        st.st_gid.set(b.getInt(32));
        st.st_rdev.set(b.getLong(40));
        st.st_size.set(b.getLong(48));
        st.st_blksize.set(b.getLong(56));
        st.st_blocks.set(b.getLong(64));
        st.st_atim.tv_sec.set(b.getLong(72));
        st.st_atim.tv_nsec.set(b.getLong(80));
        st.st_mtim.tv_sec.set(b.getLong(88));
        st.st_mtim.tv_nsec.set(b.getLong(96));
        st.st_ctim.tv_sec.set(b.getLong(104));
        st.st_ctim.tv_nsec.set(b.getLong(112));
        return 0;
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filter, long offset, FuseFileInfo fi) {
        filter.apply(buf, ".", null, 0);
        filter.apply(buf, "..", null, 0);
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Paths.get(lower(path)))) {
            for (Path p : dir) {
                filter.apply(buf, p.getFileName().toString(), null, 0);
            }
        } catch (IOException e) {
            return -ErrorCodes.EIO();
        }
        return 0;
    }

    @Override
    public int create(String path, long mode, FuseFileInfo fi) {
        int fd = libc.open(lower(path), fi.flags.get() | 0100 /* O_CREAT */, (int) mode);
        if (fd < 0) {
            return errno();
        }
        fi.fh.set(fd);
        return 0;
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        int fd = libc.open(lower(path), fi.flags.get(), 0);
        if (fd < 0) {
            return errno();
        }
        fi.fh.set(fd);
        return 0;
    }

    @Override
    public int read(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        long n = libc.pread((int) fi.fh.get(), buf, size, offset);
        return n < 0 ? errno() : (int) n;
    }

    @Override
    public int write(String path, Pointer buf, long size, long offset, FuseFileInfo fi) {
        long n = libc.pwrite((int) fi.fh.get(), buf, size, offset);
        return n < 0 ? errno() : (int) n;
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        return check(libc.close((int) fi.fh.get()));
    }

    @Override
    public int fsync(String path, int isdatasync, FuseFileInfo fi) {
        return check(libc.fsync((int) fi.fh.get()));
    }

    @Override
    public int unlink(String path) {
        return check(libc.unlink(lower(path)));
    }

    @Override
    public int mkdir(String path, long mode) {
        return check(libc.mkdir(lower(path), (int) mode));
    }

    @Override
    public int rmdir(String path) {
        return check(libc.rmdir(lower(path)));
    }

    @Override
    public int rename(String from, String to) {
        return check(libc.rename(lower(from), lower(to)));
    }

    @Override
    public int truncate(String path, long size) {
        return check(libc.truncate(lower(path), size));
    }

    @Override
    public int chmod(String path, long mode) {
        return check(libc.chmod(lower(path), (int) mode));
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        Pointer times = rt.getMemoryManager().allocateDirect(32);
        times.putLong(0, timespec[0].tv_sec.get());
        times.putLong(8, timespec[0].tv_nsec.longValue());
        times.putLong(16, timespec[1].tv_sec.get());
        times.putLong(24, timespec[1].tv_nsec.longValue());
        return check(libc.utimensat(AT_FDCWD, lower(path), times, AT_SYMLINK_NOFOLLOW));
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: JnrPassthrough LOWER MOUNTPOINT");
            System.exit(2);
        }
        JnrPassthrough fs = new JnrPassthrough(Paths.get(args[0]).toAbsolutePath().toString());
        try {
            fs.mount(Paths.get(args[1]), true, false, new String[] {"-o", "allow_other"});
        } finally {
            fs.umount();
        }
    }
}
