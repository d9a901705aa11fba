package io.handlefs.lookup;

import io.handlefs.codec.NodeId;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Stat;
import io.handlefs.sys.Sys;

import java.nio.ByteBuffer;
import java.util.function.IntUnaryOperator;

/**
 * Open regular files of one export and the data operations on them. A file is opened by reopening
 * its node's O_PATH fd through /proc with the caller's credentials, so the lower filesystem checks
 * the caller's permission exactly as for a local open.
 */
public final class OpenFiles implements AutoCloseable {
    /** Flags that only mean something when a name is resolved, which the kernel already did. */
    private static final int NAME_FLAGS = Linux.O_CREAT | Linux.O_EXCL | Linux.O_NOCTTY | Linux.O_NOFOLLOW;

    /** accessMode: the lower open's O_ACCMODE, which may grant more than the kernel asked for. */
    private record OpenFile(NodeId node, int fd, int accessMode) {}

    private final Export export;
    private final HandleTable<OpenFile> files = new HandleTable<>();

    public OpenFiles(Export export) {
        this.export = export;
    }

    public long open(Credentials caller, NodeId node, int flags) {
        return open(caller, node, flags, false).fh();
    }

    /**
     * OPEN; with readable, a write-only open is first tried read-write (a FUSE writeback cache
     * reads around partial writes), and opened as asked if the caller may not read the file.
     *
     * <p>A file removed behind the export's back stays reachable through its node's cached fd,
     * and a client's cached name still leads to the node: such an open fails with ESTALE, on which
     * Linux looks the name up afresh (do_filp_open retries with LOOKUP_REVAL, which makes FUSE
     * send a LOOKUP) and opens what the name now is, if anything. A file with no name left is
     * opened legitimately only by reopening an open of it here (/proc/self/fd/N of a file
     * unlinked while open, or of an O_TMPFILE file).
     */
    public Opened open(Credentials caller, NodeId node, int flags, boolean readable) {
        Lower lower;
        try (PathFd path = export.resolve(node); Credentials.Scope as = caller.enter()) {
            lower = openLower((flags & ~NAME_FLAGS) | Linux.O_CLOEXEC, readable,
                    used -> Sys.open(path.procPath(), used, 0));
        }
        try {
            Stat st = Sys.statx(lower.fd(), "", Linux.AT_EMPTY_PATH);
            if (st.nlink() == 0 && !isOpen(node)) {
                throw new ErrnoException(Errno.ESTALE, "open: the file was removed behind the export's back");
            }
            return new Opened(files.add(new OpenFile(node, lower.fd(), lower.accessMode())), st);
        } catch (RuntimeException e) {
            Sys.close(lower.fd());
            throw e;
        }
    }

    /** Whether the node has an open file here; a scan, only for the rare open of a nameless file. */
    private boolean isOpen(NodeId node) {
        for (OpenFile f : files.values()) {
            if (f.node().equals(node)) {
                return true;
            }
        }
        return false;
    }

    public Created create(Credentials caller, NodeId parent, String name, int flags, int mode, int umask) {
        return create(caller, parent, name, flags, mode, umask, false);
    }

    /**
     * CREATE (open with O_CREAT); with readable, a write-only create is first tried read-write,
     * as {@link #open(Credentials, NodeId, int, boolean)} does. A file this call creates is open
     * read-write whatever its mode (no permission check applies to the creator's open), so the
     * retry is only ever for an existing file the caller may not read.
     */
    public Created create(Credentials caller, NodeId parent, String name, int flags, int mode, int umask,
                          boolean readable) {
        Export.checkName(name);
        try (PathFd dir = export.resolve(parent); Credentials.Scope as = caller.enter()) {
            int perms = Export.applyUmask(mode & Linux.S_IALLUGO, umask);
            Lower lower = openLower((flags & ~Linux.O_NOCTTY) | Linux.O_CREAT | Linux.O_NOFOLLOW | Linux.O_CLOEXEC,
                    readable, used -> Sys.openat2(dir.fd(), name, used, perms, Export.RESOLVE_CHILD));
            return opened(parent, lower.fd(), lower.accessMode(), (flags & Linux.O_EXCL) != 0);
        }
    }

    /** A lower open's fd and the O_ACCMODE it was opened with. */
    private record Lower(int fd, int accessMode) {}

    /**
     * Opens with the flags asked for or, with readable, a write-only open first read-write, then
     * as asked if the caller may not read the file (EACCES).
     */
    private static Lower openLower(int asked, boolean readable, IntUnaryOperator open) {
        int rw = readable && (asked & Linux.O_ACCMODE) == Linux.O_WRONLY
                ? (asked & ~Linux.O_ACCMODE) | Linux.O_RDWR : asked;
        if (rw != asked) {
            try {
                return new Lower(open.applyAsInt(rw), Linux.O_RDWR);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EACCES) {
                    throw e;
                }
            }
        }
        return new Lower(open.applyAsInt(asked), asked & Linux.O_ACCMODE);
    }

    /** O_TMPFILE: an unnamed file in the directory, which LINK may name later. */
    public Created tmpfile(Credentials caller, NodeId parent, int flags, int mode, int umask) {
        try (PathFd dir = export.resolve(parent); Credentials.Scope as = caller.enter()) {
            int fd = Sys.openat2(dir.fd(), ".", (flags & ~NAME_FLAGS) | Linux.O_TMPFILE | Linux.O_CLOEXEC,
                    Export.applyUmask(mode & Linux.S_IALLUGO, umask), Export.RESOLVE_CHILD);
            return opened(parent, fd, flags & Linux.O_ACCMODE, true);
        }
    }

    /** fresh: the file was surely created by this open (O_EXCL, O_TMPFILE), so its node is new. */
    private Created opened(NodeId parent, int fd, int accessMode, boolean fresh) {
        try {
            Entry entry = export.entryOfOpenFile(fd, parent, fresh);
            return new Created(entry, files.add(new OpenFile(entry.node().id(), fd, accessMode)));
        } catch (RuntimeException e) {
            Sys.close(fd);
            throw e;
        }
    }

    /** The lower fd behind a handle (for ftruncate, locks and the like). */
    public int fd(long fh) {
        return files.get(fh).fd();
    }

    /** Whether the lower open may read and write (it may grant more than the kernel asked for). */
    public boolean readWrite(long fh) {
        return files.get(fh).accessMode() == Linux.O_RDWR;
    }

    public NodeId node(long fh) {
        return files.get(fh).node();
    }

    /** Reads until dst is full or the file ends, as FUSE expects of a non-direct-io read. */
    public int read(long fh, ByteBuffer dst, long offset) {
        int fd = fd(fh);
        int total = 0;
        while (dst.hasRemaining()) {
            int n = Sys.pread(fd, dst, offset + total);
            if (n == 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /**
     * Writes all of src as the writer. Under FUSE_HANDLE_KILLPRIV_V2 the kernel leaves clearing
     * the set-user/group-ID bits to the daemon: writing with the caller's credentials lets the
     * lower filesystem apply its own rule (group membership included) exactly as natively. Writers
     * that may keep the bits are passed as {@link Credentials#DAEMON} and cost no switch.
     */
    public int write(Credentials writer, long fh, ByteBuffer src, long offset) {
        int fd = fd(fh);
        int total = 0;
        try (Credentials.Scope as = writer.enter()) {
            while (src.hasRemaining()) {
                total += Sys.pwrite(fd, src, offset + total);
            }
        }
        return total;
    }

    /**
     * Writes all of srcs, one after the other from offset, as the writer (see above): pwritev(2)
     * of up to {@link Sys#PWRITEV_MAX} buffers a call. The positions of srcs advance.
     */
    public long write(Credentials writer, long fh, ByteBuffer[] srcs, long offset) {
        int fd = fd(fh);
        long total = 0;
        int first = 0;
        try (Credentials.Scope as = writer.enter()) {
            while (first < srcs.length) {
                if (!srcs[first].hasRemaining()) {
                    first++;
                    continue;
                }
                long n = Sys.pwritev(fd, srcs, first, Math.min(Sys.PWRITEV_MAX, srcs.length - first), offset + total);
                total += n;
                for (int i = first; n > 0; i++) {
                    int step = (int) Math.min(n, srcs[i].remaining());
                    srcs[i].position(srcs[i].position() + step);
                    n -= step;
                }
            }
        }
        return total;
    }

    /**
     * FLUSH: close(dup(fd)) reports the delayed write errors of filesystems that have them (NFS,
     * SMB, FUSE below); a local disk filesystem reports nothing at close, so the two syscalls
     * are skipped there.
     */
    public void flush(long fh) {
        if (export.reportsErrorsAtClose()) {
            Sys.close(Sys.dup(fd(fh)));
        }
    }

    public void fsync(long fh, boolean dataOnly) {
        if (dataOnly) {
            Sys.fdatasync(fd(fh));
        } else {
            Sys.fsync(fd(fh));
        }
    }

    public void release(long fh) {
        Sys.close(files.remove(fh).fd());
    }

    public void fallocate(long fh, int mode, long offset, long length) {
        Sys.fallocate(fd(fh), mode, offset, length);
    }

    public long lseek(long fh, long offset, int whence) {
        return Sys.lseek(fd(fh), offset, whence);
    }

    public long copyFileRange(long fhIn, long offIn, long fhOut, long offOut, long length, int flags) {
        return Sys.copyFileRange(fd(fhIn), offIn, fd(fhOut), offOut, length, flags);
    }

    public int openCount() {
        return files.size();
    }

    @Override
    public void close() {
        for (OpenFile f : files.values()) {
            Sys.close(f.fd());
        }
    }
}
