package io.handlefs.fuse.wire;

/**
 * FUSE INIT capability flags (fuse.h 7.45) as one 64-bit set: bits 0..31 travel in
 * {@code flags}, bits 32..63 in {@code flags2} (only when {@link #INIT_EXT} is set).
 */
public final class InitFlags {

    private InitFlags() {
    }

    /** Asynchronous read requests. */
    public static final long ASYNC_READ = 1L << 0;
    /** Remote locking for POSIX file locks. */
    public static final long POSIX_LOCKS = 1L << 1;
    /** Kernel sends file handle for fstat etc. (not yet supported). */
    public static final long FILE_OPS = 1L << 2;
    /** The filesystem handles the O_TRUNC open flag. */
    public static final long ATOMIC_O_TRUNC = 1L << 3;
    /** The filesystem handles lookups of "." and "..". */
    public static final long EXPORT_SUPPORT = 1L << 4;
    /** The filesystem can handle writes larger than 4 KiB. */
    public static final long BIG_WRITES = 1L << 5;
    /** Don't apply umask to file mode on create operations. */
    public static final long DONT_MASK = 1L << 6;
    /** Kernel supports splice write on the device. */
    public static final long SPLICE_WRITE = 1L << 7;
    /** Kernel supports splice move on the device. */
    public static final long SPLICE_MOVE = 1L << 8;
    /** Kernel supports splice read on the device. */
    public static final long SPLICE_READ = 1L << 9;
    /** Remote locking for BSD-style file locks. */
    public static final long FLOCK_LOCKS = 1L << 10;
    /** Kernel supports ioctl on directories. */
    public static final long HAS_IOCTL_DIR = 1L << 11;
    /** Automatically invalidate cached pages. */
    public static final long AUTO_INVAL_DATA = 1L << 12;
    /** Do READDIRPLUS (READDIR + LOOKUP in one). */
    public static final long DO_READDIRPLUS = 1L << 13;
    /** Adaptive READDIRPLUS. */
    public static final long READDIRPLUS_AUTO = 1L << 14;
    /** Asynchronous direct I/O submission. */
    public static final long ASYNC_DIO = 1L << 15;
    /** Use writeback cache for buffered writes. */
    public static final long WRITEBACK_CACHE = 1L << 16;
    /** Kernel supports zero-message opens. */
    public static final long NO_OPEN_SUPPORT = 1L << 17;
    /** Allow parallel lookups and readdir. */
    public static final long PARALLEL_DIROPS = 1L << 18;
    /** The filesystem kills suid/sgid/cap on write/chown/trunc. */
    public static final long HANDLE_KILLPRIV = 1L << 19;
    /** The filesystem supports POSIX ACLs. */
    public static final long POSIX_ACL = 1L << 20;
    /** Reading the device after abort returns ECONNABORTED. */
    public static final long ABORT_ERROR = 1L << 21;
    /** init_out.max_pages holds the max number of pages per request. */
    public static final long MAX_PAGES = 1L << 22;
    /** Cache READLINK responses. */
    public static final long CACHE_SYMLINKS = 1L << 23;
    /** Kernel supports zero-message opendir. */
    public static final long NO_OPENDIR_SUPPORT = 1L << 24;
    /** Only invalidate cached pages on explicit request. */
    public static final long EXPLICIT_INVAL_DATA = 1L << 25;
    /** init_out.map_alignment holds log2(byte alignment) for DAX mappings. */
    public static final long MAP_ALIGNMENT = 1L << 26;
    /** Kernel supports auto-mounting directory submounts. */
    public static final long SUBMOUNTS = 1L << 27;
    /** The filesystem kills suid/sgid/cap, v2. */
    public static final long HANDLE_KILLPRIV_V2 = 1L << 28;
    /** The server supports the extended fuse_setxattr_in (16 bytes). */
    public static final long SETXATTR_EXT = 1L << 29;
    /** Extended fuse_init_in / fuse_init_out: flags2 is valid. */
    public static final long INIT_EXT = 1L << 30;
    /** Reserved, do not use. */
    public static final long INIT_RESERVED = 1L << 31;
    /** Add security context to create, mkdir, symlink and mknod. */
    public static final long SECURITY_CTX = 1L << 32;
    /** Use per-inode DAX. */
    public static final long HAS_INODE_DAX = 1L << 33;
    /** Add supplementary group info to create, mkdir, symlink and mknod. */
    public static final long CREATE_SUPP_GROUP = 1L << 34;
    /** Kernel supports expiry-only entry invalidation. */
    public static final long HAS_EXPIRE_ONLY = 1L << 35;
    /** Allow shared mmap in FOPEN_DIRECT_IO mode. */
    public static final long DIRECT_IO_ALLOW_MMAP = 1L << 36;
    /** Passthrough mode (backing files). */
    public static final long PASSTHROUGH = 1L << 37;
    /** Explicitly disable export support. */
    public static final long NO_EXPORT_SUPPORT = 1L << 38;
    /** Kernel supports resending pending requests. */
    public static final long HAS_RESEND = 1L << 39;
    /** Allow creation of idmapped mounts. */
    public static final long ALLOW_IDMAP = 1L << 40;
    /** Client supports io-uring. */
    public static final long OVER_IO_URING = 1L << 41;
    /** Kernel supports timing out requests; init_out.request_timeout holds the timeout. */
    public static final long REQUEST_TIMEOUT = 1L << 42;

    private static final String[] NAMES = {
        "ASYNC_READ", "POSIX_LOCKS", "FILE_OPS", "ATOMIC_O_TRUNC", "EXPORT_SUPPORT",
        "BIG_WRITES", "DONT_MASK", "SPLICE_WRITE", "SPLICE_MOVE", "SPLICE_READ",
        "FLOCK_LOCKS", "HAS_IOCTL_DIR", "AUTO_INVAL_DATA", "DO_READDIRPLUS", "READDIRPLUS_AUTO",
        "ASYNC_DIO", "WRITEBACK_CACHE", "NO_OPEN_SUPPORT", "PARALLEL_DIROPS", "HANDLE_KILLPRIV",
        "POSIX_ACL", "ABORT_ERROR", "MAX_PAGES", "CACHE_SYMLINKS", "NO_OPENDIR_SUPPORT",
        "EXPLICIT_INVAL_DATA", "MAP_ALIGNMENT", "SUBMOUNTS", "HANDLE_KILLPRIV_V2",
        "SETXATTR_EXT", "INIT_EXT", "INIT_RESERVED", "SECURITY_CTX", "HAS_INODE_DAX",
        "CREATE_SUPP_GROUP", "HAS_EXPIRE_ONLY", "DIRECT_IO_ALLOW_MMAP", "PASSTHROUGH",
        "NO_EXPORT_SUPPORT", "HAS_RESEND", "ALLOW_IDMAP", "OVER_IO_URING", "REQUEST_TIMEOUT",
    };

    /** Every flag this class names. */
    public static final long ALL_KNOWN = (1L << NAMES.length) - 1;

    /** The name of one bit (0..63), or {@code "bit<n>"} if unnamed. */
    public static String name(int bit) {
        return bit >= 0 && bit < NAMES.length ? NAMES[bit] : "bit" + bit;
    }

    /** "ASYNC_READ|POSIX_LOCKS|bit50" for logging; "0" for none. */
    public static String describe(long flags) {
        if (flags == 0) {
            return "0";
        }
        StringBuilder sb = new StringBuilder();
        for (int bit = 0; bit < 64; bit++) {
            if ((flags & (1L << bit)) != 0) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(name(bit));
            }
        }
        return sb.toString();
    }
}
