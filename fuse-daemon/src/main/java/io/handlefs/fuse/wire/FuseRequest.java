package io.handlefs.fuse.wire;

import io.handlefs.fuse.wire.FuseDecodeException.Reason;
import io.handlefs.fuse.wire.FuseNames.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The typed body of a FUSE request: one immutable record per request struct of fuse.h 7.45.
 *
 * <p>Every {@code decode(ByteBuffer body)} reads the struct at body's position (advancing it and
 * setting its byte order to little-endian), followed by NUL-terminated names where the opcode
 * has them. Bytes after the last field are ignored. A body that does not fit throws
 * {@link FuseDecodeException}; nothing else escapes. Names are raw-byte strings
 * ({@link FuseNames}); path components must be 1..255 bytes without '/'.
 *
 * <p>Several opcodes share a layout: {@link Open} serves OPEN and OPENDIR, {@link Read} serves
 * READ, READDIR and READDIRPLUS, {@link Release} serves RELEASE and RELEASEDIR, {@link Fsync}
 * serves FSYNC and FSYNCDIR, {@link Lk} serves GETLK, SETLK and SETLKW, {@link CopyFileRange}
 * serves COPY_FILE_RANGE and COPY_FILE_RANGE_64. The in header's opcode tells them apart.
 */
public sealed interface FuseRequest {

    // ---------------------------------------------------------------- helpers

    private static ByteBuffer le(ByteBuffer body) {
        return body.order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void need(ByteBuffer b, int n, String struct) throws FuseDecodeException {
        if (b.remaining() < n) {
            throw new FuseDecodeException(Reason.SHORT_BODY,
                    struct + " needs " + n + " bytes, have " + b.remaining());
        }
    }

    private static String component(ByteBuffer b, String what) throws FuseDecodeException {
        return FuseNames.read(b, Kind.COMPONENT, what);
    }

    // ---------------------------------------------------------------- bodies

    /** A request this decoder does not decode: unknown opcode, or one we answer with ENOSYS. */
    record Unsupported(int opcode) implements FuseRequest {
    }

    /** No body: READLINK, STATFS, DESTROY. */
    record Empty() implements FuseRequest {
        static final Empty INSTANCE = new Empty();
    }

    /** LOOKUP: name\0. The name may be "." or ".." (export support). */
    record Lookup(String name) implements FuseRequest {
        public static Lookup decode(ByteBuffer body) throws FuseDecodeException {
            return new Lookup(component(le(body), "lookup name"));
        }
    }

    /** FORGET: {@code fuse_forget_in} (8). No reply. */
    record Forget(long nlookup) implements FuseRequest {
        public static final int SIZE = 8;

        public static Forget decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_forget_in");
            return new Forget(body.getLong());
        }
    }

    /** One entry of BATCH_FORGET: {@code fuse_forget_one} (16). */
    record ForgetOne(long nodeid, long nlookup) {
    }

    /** BATCH_FORGET: {@code fuse_batch_forget_in} (8) then count x {@code fuse_forget_one}. */
    record BatchForget(List<ForgetOne> forgets) implements FuseRequest {
        public static final int SIZE = 8;

        public BatchForget {
            forgets = List.copyOf(forgets);
        }

        public static BatchForget decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_batch_forget_in");
            long count = Integer.toUnsignedLong(body.getInt());
            body.getInt(); // dummy
            if (count > body.remaining() / 16) {
                throw new FuseDecodeException(Reason.SHORT_BODY,
                        "batch forget of " + count + " entries, room for " + body.remaining() / 16);
            }
            List<ForgetOne> list = new ArrayList<>((int) count);
            for (int i = 0; i < count; i++) {
                list.add(new ForgetOne(body.getLong(), body.getLong()));
            }
            return new BatchForget(Collections.unmodifiableList(list));
        }
    }

    /** GETATTR: {@code fuse_getattr_in} (16). {@code fh} is valid if GETATTR_FH is set. */
    record Getattr(int getattrFlags, long fh) implements FuseRequest {
        public static final int SIZE = 16;
        /** getattr_flags: fh is valid. */
        public static final int GETATTR_FH = 1;

        public static Getattr decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_getattr_in");
            int flags = body.getInt();
            body.getInt(); // dummy
            return new Getattr(flags, body.getLong());
        }
    }

    /**
     * SETATTR: {@code fuse_setattr_in} (88). {@code valid} holds FATTR_* bits saying which fields
     * to apply.
     */
    record Setattr(int valid, long fh, long size, long lockOwner, long atime, long mtime,
            long ctime, int atimensec, int mtimensec, int ctimensec, int mode, int uid, int gid)
            implements FuseRequest {
        public static final int SIZE = 88;
        public static final int FATTR_MODE = 1 << 0;
        public static final int FATTR_UID = 1 << 1;
        public static final int FATTR_GID = 1 << 2;
        public static final int FATTR_SIZE = 1 << 3;
        public static final int FATTR_ATIME = 1 << 4;
        public static final int FATTR_MTIME = 1 << 5;
        public static final int FATTR_FH = 1 << 6;
        public static final int FATTR_ATIME_NOW = 1 << 7;
        public static final int FATTR_MTIME_NOW = 1 << 8;
        public static final int FATTR_LOCKOWNER = 1 << 9;
        public static final int FATTR_CTIME = 1 << 10;
        public static final int FATTR_KILL_SUIDGID = 1 << 11;

        public boolean has(int fattr) {
            return (valid & fattr) != 0;
        }

        public static Setattr decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_setattr_in");
            int valid = body.getInt();
            body.getInt(); // padding
            long fh = body.getLong();
            long size = body.getLong();
            long lockOwner = body.getLong();
            long atime = body.getLong();
            long mtime = body.getLong();
            long ctime = body.getLong();
            int atimensec = body.getInt();
            int mtimensec = body.getInt();
            int ctimensec = body.getInt();
            int mode = body.getInt();
            body.getInt(); // unused4
            int uid = body.getInt();
            int gid = body.getInt();
            body.getInt(); // unused5
            return new Setattr(valid, fh, size, lockOwner, atime, mtime, ctime,
                    atimensec, mtimensec, ctimensec, mode, uid, gid);
        }
    }

    /** MKNOD: {@code fuse_mknod_in} (16) then name\0. */
    record Mknod(int mode, int rdev, int umask, String name) implements FuseRequest {
        public static final int SIZE = 16;

        public static Mknod decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_mknod_in");
            int mode = body.getInt();
            int rdev = body.getInt();
            int umask = body.getInt();
            body.getInt(); // padding
            return new Mknod(mode, rdev, umask, component(body, "mknod name"));
        }
    }

    /** MKDIR: {@code fuse_mkdir_in} (8) then name\0. */
    record Mkdir(int mode, int umask, String name) implements FuseRequest {
        public static final int SIZE = 8;

        public static Mkdir decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_mkdir_in");
            int mode = body.getInt();
            int umask = body.getInt();
            return new Mkdir(mode, umask, component(body, "mkdir name"));
        }
    }

    /** SYMLINK: name\0 then target\0 (target: 1..4095 bytes, '/' allowed). */
    record Symlink(String name, String target) implements FuseRequest {
        public static Symlink decode(ByteBuffer body) throws FuseDecodeException {
            String name = component(le(body), "symlink name");
            return new Symlink(name, FuseNames.read(body, Kind.TARGET, "symlink target"));
        }
    }

    /** UNLINK: name\0. */
    record Unlink(String name) implements FuseRequest {
        public static Unlink decode(ByteBuffer body) throws FuseDecodeException {
            return new Unlink(component(le(body), "unlink name"));
        }
    }

    /** RMDIR: name\0. */
    record Rmdir(String name) implements FuseRequest {
        public static Rmdir decode(ByteBuffer body) throws FuseDecodeException {
            return new Rmdir(component(le(body), "rmdir name"));
        }
    }

    /** RENAME: {@code fuse_rename_in} (8) then oldname\0 newname\0. */
    record Rename(long newdir, String oldname, String newname) implements FuseRequest {
        public static final int SIZE = 8;

        public static Rename decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_rename_in");
            long newdir = body.getLong();
            String oldname = component(body, "rename old name");
            return new Rename(newdir, oldname, component(body, "rename new name"));
        }
    }

    /** RENAME2: {@code fuse_rename2_in} (16) then oldname\0 newname\0. */
    record Rename2(long newdir, int flags, String oldname, String newname) implements FuseRequest {
        public static final int SIZE = 16;
        public static final int RENAME_NOREPLACE = 1;
        public static final int RENAME_EXCHANGE = 2;
        public static final int RENAME_WHITEOUT = 4;

        public static Rename2 decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_rename2_in");
            long newdir = body.getLong();
            int flags = body.getInt();
            body.getInt(); // padding
            String oldname = component(body, "rename2 old name");
            return new Rename2(newdir, flags, oldname, component(body, "rename2 new name"));
        }
    }

    /** LINK: {@code fuse_link_in} (8) then newname\0. */
    record Link(long oldnodeid, String newname) implements FuseRequest {
        public static final int SIZE = 8;

        public static Link decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_link_in");
            long old = body.getLong();
            return new Link(old, component(body, "link name"));
        }
    }

    /** OPEN and OPENDIR: {@code fuse_open_in} (8). {@code flags} are open(2) flags. */
    record Open(int flags, int openFlags) implements FuseRequest {
        public static final int SIZE = 8;
        /** open_flags: kill suid/sgid if executable (7.33). */
        public static final int FUSE_OPEN_KILL_SUIDGID = 1;

        public static Open decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_open_in");
            return new Open(body.getInt(), body.getInt());
        }
    }

    /** CREATE: {@code fuse_create_in} (16) then name\0. */
    record Create(int flags, int mode, int umask, int openFlags, String name) implements FuseRequest {
        public static final int SIZE = 16;

        public static Create decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_create_in");
            int flags = body.getInt();
            int mode = body.getInt();
            int umask = body.getInt();
            int openFlags = body.getInt();
            return new Create(flags, mode, umask, openFlags, component(body, "create name"));
        }
    }

    /**
     * TMPFILE: {@code fuse_create_in} (16) then name\0, like CREATE; the kernel sends the dummy
     * dentry name "/", so '/' is allowed here.
     */
    record Tmpfile(int flags, int mode, int umask, int openFlags, String name) implements FuseRequest {
        public static final int SIZE = 16;

        public static Tmpfile decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_create_in");
            int flags = body.getInt();
            int mode = body.getInt();
            int umask = body.getInt();
            int openFlags = body.getInt();
            return new Tmpfile(flags, mode, umask, openFlags,
                    FuseNames.read(body, Kind.TMPFILE, "tmpfile name"));
        }
    }

    /** READ, READDIR, READDIRPLUS: {@code fuse_read_in} (40). {@code size} is unsigned. */
    record Read(long fh, long offset, int size, int readFlags, long lockOwner, int flags)
            implements FuseRequest {
        public static final int SIZE = 40;
        /** read_flags: lock_owner is valid. */
        public static final int FUSE_READ_LOCKOWNER = 1 << 1;

        public static Read decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_read_in");
            long fh = body.getLong();
            long offset = body.getLong();
            int size = body.getInt();
            int readFlags = body.getInt();
            long lockOwner = body.getLong();
            int flags = body.getInt();
            body.getInt(); // padding
            return new Read(fh, offset, size, readFlags, lockOwner, flags);
        }
    }

    /**
     * WRITE: {@code fuse_write_in} (40) then {@code size} bytes of data. {@code data} is a slice of
     * the request buffer (position 0, limit size), not a copy: it is valid only until the request
     * buffer is reused.
     */
    record Write(long fh, long offset, int size, int writeFlags, long lockOwner, int flags,
            ByteBuffer data) implements FuseRequest {
        public static final int SIZE = 40;
        public static final int FUSE_WRITE_CACHE = 1 << 0;
        public static final int FUSE_WRITE_LOCKOWNER = 1 << 1;
        public static final int FUSE_WRITE_KILL_SUIDGID = 1 << 2;

        public static Write decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_write_in");
            long fh = body.getLong();
            long offset = body.getLong();
            int size = body.getInt();
            int writeFlags = body.getInt();
            long lockOwner = body.getLong();
            int flags = body.getInt();
            body.getInt(); // padding
            if (Integer.toUnsignedLong(size) > body.remaining()) {
                throw new FuseDecodeException(Reason.SHORT_BODY, "write of "
                        + Integer.toUnsignedLong(size) + " bytes, have " + body.remaining());
            }
            ByteBuffer data = body.slice(body.position(), size);
            body.position(body.position() + size);
            return new Write(fh, offset, size, writeFlags, lockOwner, flags, data);
        }
    }

    /** RELEASE and RELEASEDIR: {@code fuse_release_in} (24). */
    record Release(long fh, int flags, int releaseFlags, long lockOwner) implements FuseRequest {
        public static final int SIZE = 24;
        public static final int FUSE_RELEASE_FLUSH = 1 << 0;
        public static final int FUSE_RELEASE_FLOCK_UNLOCK = 1 << 1;

        public static Release decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_release_in");
            return new Release(body.getLong(), body.getInt(), body.getInt(), body.getLong());
        }
    }

    /** FLUSH: {@code fuse_flush_in} (24). */
    record Flush(long fh, long lockOwner) implements FuseRequest {
        public static final int SIZE = 24;

        public static Flush decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_flush_in");
            long fh = body.getLong();
            body.getInt(); // unused
            body.getInt(); // padding
            return new Flush(fh, body.getLong());
        }
    }

    /** FSYNC and FSYNCDIR: {@code fuse_fsync_in} (16). */
    record Fsync(long fh, int fsyncFlags) implements FuseRequest {
        public static final int SIZE = 16;
        /** fsync_flags: data only (fdatasync). */
        public static final int FUSE_FSYNC_FDATASYNC = 1;

        public static Fsync decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_fsync_in");
            long fh = body.getLong();
            int flags = body.getInt();
            body.getInt(); // padding
            return new Fsync(fh, flags);
        }
    }

    /**
     * SETXATTR: {@code fuse_setxattr_in} (8 bytes, or 16 once FUSE_SETXATTR_EXT is negotiated)
     * then name\0 then {@code size} bytes of value. {@code value} is a slice of the request
     * buffer, not a copy. {@code flags} are XATTR_CREATE / XATTR_REPLACE.
     */
    record Setxattr(int size, int flags, int setxattrFlags, String name, ByteBuffer value)
            implements FuseRequest {
        public static final int COMPAT_SIZE = 8;
        public static final int EXT_SIZE = 16;
        /** setxattr_flags: clear SGID when system.posix_acl_access is set. */
        public static final int FUSE_SETXATTR_ACL_KILL_SGID = 1;

        public static Setxattr decode(ByteBuffer body, boolean ext) throws FuseDecodeException {
            need(le(body), ext ? EXT_SIZE : COMPAT_SIZE, "fuse_setxattr_in");
            int size = body.getInt();
            int flags = body.getInt();
            int setxattrFlags = 0;
            if (ext) {
                setxattrFlags = body.getInt();
                body.getInt(); // padding
            }
            String name = FuseNames.read(body, Kind.XATTR, "xattr name");
            if (Integer.toUnsignedLong(size) > body.remaining()) {
                throw new FuseDecodeException(Reason.SHORT_BODY, "xattr value of "
                        + Integer.toUnsignedLong(size) + " bytes, have " + body.remaining());
            }
            ByteBuffer value = body.slice(body.position(), size);
            body.position(body.position() + size);
            return new Setxattr(size, flags, setxattrFlags, name, value);
        }
    }

    /** GETXATTR: {@code fuse_getxattr_in} (8) then name\0. size 0 asks for the value's size. */
    record Getxattr(int size, String name) implements FuseRequest {
        public static final int SIZE = 8;

        public static Getxattr decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_getxattr_in");
            int size = body.getInt();
            body.getInt(); // padding
            return new Getxattr(size, FuseNames.read(body, Kind.XATTR, "xattr name"));
        }
    }

    /** LISTXATTR: {@code fuse_getxattr_in} (8). size 0 asks for the list's size. */
    record Listxattr(int size) implements FuseRequest {
        public static final int SIZE = 8;

        public static Listxattr decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_getxattr_in");
            int size = body.getInt();
            body.getInt(); // padding
            return new Listxattr(size);
        }
    }

    /** REMOVEXATTR: name\0. */
    record Removexattr(String name) implements FuseRequest {
        public static Removexattr decode(ByteBuffer body) throws FuseDecodeException {
            return new Removexattr(FuseNames.read(le(body), Kind.XATTR, "xattr name"));
        }
    }

    /**
     * INIT: {@code fuse_init_in}. 16 bytes before 7.36; 64 bytes from 7.36 on, whose
     * {@code flags2} is the high half of {@code flags} when FUSE_INIT_EXT is set. For a major
     * other than 7 only major and minor are read (the rest is another protocol).
     *
     * @param flags {@code flags | (long) flags2 << 32}
     */
    record Init(int major, int minor, int maxReadahead, long flags) implements FuseRequest {
        public static final int COMPAT_SIZE = 16;
        /** Size from 7.36 on. */
        public static final int SIZE = 64;

        public static Init decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), 8, "fuse_init_in");
            int major = body.getInt();
            int minor = body.getInt();
            if (major != 7) {
                return new Init(major, minor, 0, 0);
            }
            boolean ext = minor >= 36;
            need(body, (ext ? SIZE : COMPAT_SIZE) - 8, "fuse_init_in (7." + minor + ")");
            int maxReadahead = body.getInt();
            long flags = Integer.toUnsignedLong(body.getInt());
            if (ext) {
                long flags2 = Integer.toUnsignedLong(body.getInt());
                body.position(body.position() + 44); // unused[11]
                if ((flags & InitFlags.INIT_EXT) != 0) {
                    flags |= flags2 << 32;
                }
            }
            return new Init(major, minor, maxReadahead, flags);
        }
    }

    /** GETLK, SETLK, SETLKW: {@code fuse_lk_in} (48). */
    record Lk(long fh, long owner, long start, long end, int type, int pid, int lkFlags)
            implements FuseRequest {
        public static final int SIZE = 48;
        /** lk_flags: a BSD flock(2) lock rather than a POSIX lock. */
        public static final int FUSE_LK_FLOCK = 1;

        public static Lk decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_lk_in");
            long fh = body.getLong();
            long owner = body.getLong();
            long start = body.getLong();
            long end = body.getLong();
            int type = body.getInt();
            int pid = body.getInt();
            int lkFlags = body.getInt();
            body.getInt(); // padding
            return new Lk(fh, owner, start, end, type, pid, lkFlags);
        }
    }

    /** ACCESS: {@code fuse_access_in} (8). mask is R_OK/W_OK/X_OK bits. */
    record Access(int mask) implements FuseRequest {
        public static final int SIZE = 8;

        public static Access decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_access_in");
            int mask = body.getInt();
            body.getInt(); // padding
            return new Access(mask);
        }
    }

    /** INTERRUPT: {@code fuse_interrupt_in} (8): the unique of the request to interrupt. */
    record Interrupt(long unique) implements FuseRequest {
        public static final int SIZE = 8;

        public static Interrupt decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_interrupt_in");
            return new Interrupt(body.getLong());
        }
    }

    /** FALLOCATE: {@code fuse_fallocate_in} (32). mode is FALLOC_FL_* bits. */
    record Fallocate(long fh, long offset, long length, int mode) implements FuseRequest {
        public static final int SIZE = 32;

        public static Fallocate decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_fallocate_in");
            long fh = body.getLong();
            long offset = body.getLong();
            long length = body.getLong();
            int mode = body.getInt();
            body.getInt(); // padding
            return new Fallocate(fh, offset, length, mode);
        }
    }

    /** LSEEK: {@code fuse_lseek_in} (24). whence is SEEK_DATA (3) or SEEK_HOLE (4) in practice. */
    record Lseek(long fh, long offset, int whence) implements FuseRequest {
        public static final int SIZE = 24;

        public static Lseek decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_lseek_in");
            long fh = body.getLong();
            long offset = body.getLong();
            int whence = body.getInt();
            body.getInt(); // padding
            return new Lseek(fh, offset, whence);
        }
    }

    /**
     * COPY_FILE_RANGE and COPY_FILE_RANGE_64: {@code fuse_copy_file_range_in} (56). The input
     * file is the header's nodeid. COPY_FILE_RANGE answers {@link WriteOut}, COPY_FILE_RANGE_64
     * answers {@link CopyFileRangeOut}.
     */
    record CopyFileRange(long fhIn, long offIn, long nodeidOut, long fhOut, long offOut, long len,
            long flags) implements FuseRequest {
        public static final int SIZE = 56;

        public static CopyFileRange decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_copy_file_range_in");
            return new CopyFileRange(body.getLong(), body.getLong(), body.getLong(),
                    body.getLong(), body.getLong(), body.getLong(), body.getLong());
        }
    }

    /** SYNCFS: {@code fuse_syncfs_in} (8, padding only). */
    record Syncfs() implements FuseRequest {
        public static final int SIZE = 8;

        public static Syncfs decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_syncfs_in");
            body.getLong(); // padding
            return new Syncfs();
        }
    }

    /** STATX: {@code fuse_statx_in} (24). Answered with {@link StatxOut}. */
    record Statx(int getattrFlags, long fh, int sxFlags, int sxMask) implements FuseRequest {
        public static final int SIZE = 24;

        public static Statx decode(ByteBuffer body) throws FuseDecodeException {
            need(le(body), SIZE, "fuse_statx_in");
            int getattrFlags = body.getInt();
            body.getInt(); // reserved
            long fh = body.getLong();
            return new Statx(getattrFlags, fh, body.getInt(), body.getInt());
        }
    }
}
