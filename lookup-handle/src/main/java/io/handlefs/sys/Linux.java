package io.handlefs.sys;

/**
 * The Linux constants callers of {@link Sys} need, with their x86_64 values (the asm-generic
 * values: the same on arm64). Octal where the headers write octal.
 */
public final class Linux {
    private Linux() {}

    // ---- open(2) flags (asm-generic/fcntl.h) -----------------------------------------------
    public static final int O_ACCMODE = 0003;
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 01;
    public static final int O_RDWR = 02;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_DSYNC = 010000;
    public static final int O_DIRECT = 040000;
    public static final int O_LARGEFILE = 0100000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_NOATIME = 01000000;
    public static final int O_CLOEXEC = 02000000;
    /** __O_SYNC | O_DSYNC. */
    public static final int O_SYNC = 04000000 | O_DSYNC;
    public static final int O_PATH = 010000000;
    /** __O_TMPFILE | O_DIRECTORY. */
    public static final int O_TMPFILE = 020000000 | O_DIRECTORY;

    // ---- *at(2) flags (linux/fcntl.h) -------------------------------------------------------
    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int AT_EACCESS = 0x200;
    /** name_to_handle_at: a handle that identifies but cannot be opened (Linux 6.5). */
    public static final int AT_HANDLE_FID = 0x200;
    public static final int AT_SYMLINK_FOLLOW = 0x400;
    public static final int AT_NO_AUTOMOUNT = 0x800;
    public static final int AT_EMPTY_PATH = 0x1000;
    public static final int AT_STATX_SYNC_AS_STAT = 0x0000;
    public static final int AT_STATX_FORCE_SYNC = 0x2000;
    public static final int AT_STATX_DONT_SYNC = 0x4000;

    // ---- openat2(2) resolve flags (linux/openat2.h) -----------------------------------------
    public static final long RESOLVE_NO_XDEV = 0x01;
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    public static final long RESOLVE_NO_SYMLINKS = 0x04;
    public static final long RESOLVE_BENEATH = 0x08;
    public static final long RESOLVE_IN_ROOT = 0x10;
    public static final long RESOLVE_CACHED = 0x20;

    // ---- file types and mode bits (linux/stat.h) --------------------------------------------
    public static final int S_IFMT = 0170000;
    /** The permission bits, special bits included: all that open(2) and openat2 accept as a mode. */
    public static final int S_IALLUGO = 07777;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;
    public static final int S_ISUID = 04000;
    public static final int S_ISGID = 02000;
    public static final int S_ISVTX = 01000;

    // ---- d_type values of linux_dirent64 -----------------------------------------------------
    public static final int DT_UNKNOWN = 0;
    public static final int DT_FIFO = 1;
    public static final int DT_CHR = 2;
    public static final int DT_DIR = 4;
    public static final int DT_BLK = 6;
    public static final int DT_REG = 8;
    public static final int DT_LNK = 10;
    public static final int DT_SOCK = 12;
    public static final int DT_WHT = 14;

    // ---- renameat2(2) -----------------------------------------------------------------------
    public static final int RENAME_NOREPLACE = 1;
    public static final int RENAME_EXCHANGE = 2;
    public static final int RENAME_WHITEOUT = 4;

    // ---- fcntl(2) ---------------------------------------------------------------------------
    public static final int F_DUPFD = 0;
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_GETLK = 5;
    public static final int F_SETLK = 6;
    public static final int F_SETLKW = 7;
    public static final int F_OFD_GETLK = 36;
    public static final int F_OFD_SETLK = 37;
    public static final int F_OFD_SETLKW = 38;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int FD_CLOEXEC = 1;
    public static final short F_RDLCK = 0;
    public static final short F_WRLCK = 1;
    public static final short F_UNLCK = 2;

    // ---- flock(2) ---------------------------------------------------------------------------
    public static final int LOCK_SH = 1;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;

    // ---- lseek(2) ---------------------------------------------------------------------------
    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    public static final int SEEK_END = 2;
    public static final int SEEK_DATA = 3;
    public static final int SEEK_HOLE = 4;

    // ---- utimensat(2) -----------------------------------------------------------------------
    public static final long UTIME_NOW = (1L << 30) - 1;
    public static final long UTIME_OMIT = (1L << 30) - 2;

    // ---- xattr ------------------------------------------------------------------------------
    public static final int XATTR_CREATE = 1;
    public static final int XATTR_REPLACE = 2;
    /** XATTR_SIZE_MAX: the largest value the VFS accepts. */
    public static final int XATTR_SIZE_MAX = 65536;
    /** XATTR_LIST_MAX: the largest name list the VFS returns. */
    public static final int XATTR_LIST_MAX = 65536;

    // ---- fallocate(2) -----------------------------------------------------------------------
    public static final int FALLOC_FL_KEEP_SIZE = 0x01;
    public static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    public static final int FALLOC_FL_NO_HIDE_STALE = 0x04;
    public static final int FALLOC_FL_COLLAPSE_RANGE = 0x08;
    public static final int FALLOC_FL_ZERO_RANGE = 0x10;
    public static final int FALLOC_FL_INSERT_RANGE = 0x20;
    public static final int FALLOC_FL_UNSHARE_RANGE = 0x40;

    // ---- mount(2) / umount2(2) (linux/mount.h) ----------------------------------------------
    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_SYNCHRONOUS = 16;
    public static final long MS_REMOUNT = 32;
    public static final long MS_MANDLOCK = 64;
    public static final long MS_DIRSYNC = 128;
    public static final long MS_NOSYMFOLLOW = 256;
    public static final long MS_NOATIME = 1024;
    public static final long MS_NODIRATIME = 2048;
    public static final long MS_BIND = 4096;
    public static final long MS_MOVE = 8192;
    public static final long MS_REC = 16384;
    public static final long MS_SILENT = 32768;
    public static final long MS_POSIXACL = 1L << 16;
    public static final long MS_UNBINDABLE = 1L << 17;
    public static final long MS_PRIVATE = 1L << 18;
    public static final long MS_SLAVE = 1L << 19;
    public static final long MS_SHARED = 1L << 20;
    public static final long MS_RELATIME = 1L << 21;
    public static final long MS_STRICTATIME = 1L << 24;
    public static final long MS_LAZYTIME = 1L << 25;
    public static final int MNT_FORCE = 1;
    public static final int MNT_DETACH = 2;
    public static final int MNT_EXPIRE = 4;
    public static final int UMOUNT_NOFOLLOW = 8;

    // ---- signals ----------------------------------------------------------------------------
    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;

    // ---- statx(2) masks (linux/stat.h) ------------------------------------------------------
    public static final int STATX_TYPE = 0x001;
    public static final int STATX_MODE = 0x002;
    public static final int STATX_NLINK = 0x004;
    public static final int STATX_UID = 0x008;
    public static final int STATX_GID = 0x010;
    public static final int STATX_ATIME = 0x020;
    public static final int STATX_MTIME = 0x040;
    public static final int STATX_CTIME = 0x080;
    public static final int STATX_INO = 0x100;
    public static final int STATX_SIZE = 0x200;
    public static final int STATX_BLOCKS = 0x400;
    public static final int STATX_BASIC_STATS = 0x7ff;
    public static final int STATX_BTIME = 0x800;
    public static final int STATX_MNT_ID = 0x1000;

    // ---- poll(2) ----------------------------------------------------------------------------
    public static final short POLLIN = 0x001;

    // mmap(2), eventfd(2)
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_SHARED = 0x01;
    public static final int MAP_POPULATE = 0x08000;
    public static final int EFD_CLOEXEC = 02000000;
    public static final short POLLPRI = 0x002;
    public static final short POLLOUT = 0x004;
    public static final short POLLERR = 0x008;
    public static final short POLLHUP = 0x010;
    public static final short POLLNVAL = 0x020;

    // ---- sockets ----------------------------------------------------------------------------
    public static final int AF_UNIX = 1;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_CLOEXEC = O_CLOEXEC;
    public static final int SOL_SOCKET = 1;
    public static final int SCM_RIGHTS = 1;
    public static final int MSG_CMSG_CLOEXEC = 0x40000000;

    // ---- limits -----------------------------------------------------------------------------
    /** The largest f_handle name_to_handle_at(2) produces and open_by_handle_at(2) accepts. */
    public static final int MAX_HANDLE_SZ = 128;
    /** PATH_MAX, including the terminating NUL. */
    public static final int PATH_MAX = 4096;
    public static final int NAME_MAX = 255;

    // ---- ioctl numbers (asm-generic/ioctl.h) ------------------------------------------------
    public static final int IOC_NONE = 0;
    public static final int IOC_WRITE = 1;
    public static final int IOC_READ = 2;

    /** _IOC(dir, type, nr, size): dir in bits 30-31, size in 16-29, type in 8-15, nr in 0-7. */
    public static long ioc(int dir, int type, int nr, int size) {
        return ((long) dir << 30) | ((long) size << 16) | ((long) type << 8) | nr;
    }

    /** _IOR(type, nr, size): the kernel writes {@code size} bytes to the argument. */
    public static long ior(int type, int nr, int size) {
        return ioc(IOC_READ, type, nr, size);
    }

    /** _IOW(type, nr, size): the kernel reads {@code size} bytes from the argument. */
    public static long iow(int type, int nr, int size) {
        return ioc(IOC_WRITE, type, nr, size);
    }

    /** FUSE_DEV_IOC_MAGIC (linux/fuse.h). */
    public static final int FUSE_DEV_IOC_MAGIC = 229;
    /** Size of struct fuse_backing_map: int32 fd, uint32 flags, uint64 padding. */
    public static final int FUSE_BACKING_MAP_SIZE = 16;
    /** _IOR(229, 0, uint32_t) = 0x8004e500: attach a new /dev/fuse fd to the session of the argument's fd. */
    /** unshare(2): a private copy of the fs_struct (umask, cwd, root) for the calling thread. */
    public static final int CLONE_FS = 0x200;

    public static final long FUSE_DEV_IOC_CLONE = ior(FUSE_DEV_IOC_MAGIC, 0, 4);
    /** _IOW(229, 1, struct fuse_backing_map) = 0x4010e501: register a passthrough backing fd; returns its id. */
    public static final long FUSE_DEV_IOC_BACKING_OPEN = iow(FUSE_DEV_IOC_MAGIC, 1, FUSE_BACKING_MAP_SIZE);
    /** _IOW(229, 2, uint32_t) = 0x4004e502: release a backing id. */
    public static final long FUSE_DEV_IOC_BACKING_CLOSE = iow(FUSE_DEV_IOC_MAGIC, 2, 4);
    /** FIONREAD (asm-generic/ioctls.h): bytes readable, into an int. */
    public static final long FIONREAD = 0x541B;
    /** FIONBIO: set (non-zero int) or clear non-blocking mode. */
    public static final long FIONBIO = 0x5421;

    // ---- device numbers ---------------------------------------------------------------------
    /** glibc's makedev(): the dev_t encoding stat(2) and Java's "unix:dev" use. */
    public static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    public static long major(long dev) {
        return ((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL);
    }

    public static long minor(long dev) {
        return ((dev >>> 12) & 0xffffff00L) | (dev & 0xffL);
    }
}
