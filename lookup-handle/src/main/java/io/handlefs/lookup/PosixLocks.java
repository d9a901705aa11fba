package io.handlefs.lookup;

import io.handlefs.codec.NodeId;
import io.handlefs.sys.Flock;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Sys;

import java.util.HashMap;
import java.util.Map;

/**
 * POSIX and OFD byte-range locks of FUSE lock owners, held on the lower file so that local
 * processes (and later the SMB server) see them. Each (node, lock owner) gets its own open file
 * description with OFD locks on it: the kernel then merges and splits one owner's ranges and makes
 * owners conflict exactly as POSIX says. Closing that description drops all of the owner's locks,
 * which is what FLUSH (a process closed the file) and RELEASE (an OFD lock's file went away) need.
 */
public final class PosixLocks implements AutoCloseable {
    /** The kernel's OFFSET_MAX: a lock "to the end of file". */
    private static final long TO_EOF = Long.MAX_VALUE;

    private record Owner(NodeId node, long owner) {}

    private record OwnerFd(int fd, long fh) {}

    private final OpenFiles files;
    private final Map<Owner, OwnerFd> owners = new HashMap<>();

    public PosixLocks(OpenFiles files) {
        this.files = files;
    }

    /** A lock request as FUSE states it: inclusive end, OFFSET_MAX for "to EOF". */
    public record Range(int type, long start, long end, int pid) {
        Flock toFlock() {
            long len = end == TO_EOF ? 0 : end - start + 1;
            return new Flock((short) type, (short) Linux.SEEK_SET, start, len, 0);
        }

        static Range of(Flock f, int pid) {
            long end = f.len() == 0 ? TO_EOF : f.start() + f.len() - 1;
            return new Range(f.type(), f.start(), end, pid);
        }
    }

    /** SETLK: takes or releases the range without waiting; EAGAIN when another owner holds it. */
    public void setlk(long fh, long owner, Range range) {
        Owner key = new Owner(files.node(fh), owner);
        OwnerFd fd;
        synchronized (this) {
            fd = owners.get(key);
            if (fd == null) {
                if (range.type() == Linux.F_UNLCK) {
                    return;
                }
                fd = new OwnerFd(reopen(files.fd(fh)), fh);
                owners.put(key, fd);
            }
        }
        Sys.fcntlLock(fd.fd(), Linux.F_OFD_SETLK, range.toFlock());
    }

    /**
     * GETLK: the lock that would block the range, or one of type F_UNLCK. The holder's pid is not
     * known for OFD locks (the kernel reports -1), so it is reported as 0.
     */
    public Range getlk(long fh, long owner, Range range) {
        OwnerFd fd;
        synchronized (this) {
            fd = owners.get(new Owner(files.node(fh), owner));
        }
        int probe = fd != null ? fd.fd() : reopen(files.fd(fh));
        try {
            Flock conflict = Sys.fcntlLock(probe, Linux.F_OFD_GETLK, range.toFlock());
            return conflict.type() == Linux.F_UNLCK ? new Range(Linux.F_UNLCK, range.start(), range.end(), 0)
                    : Range.of(conflict, 0);
        } finally {
            if (fd == null) {
                Sys.close(probe);
            }
        }
    }

    /** FLUSH: the owner closed the file, so all of its locks on that file go. */
    public void flush(long fh, long owner) {
        OwnerFd fd;
        synchronized (this) {
            fd = owners.remove(new Owner(files.node(fh), owner));
        }
        if (fd != null) {
            Sys.close(fd.fd());
        }
    }

    /** RELEASE: locks owned through this open file (OFD locks) go with it. */
    public void release(long fh) {
        synchronized (this) {
            owners.values().removeIf(fd -> {
                if (fd.fh() == fh) {
                    Sys.close(fd.fd());
                    return true;
                }
                return false;
            });
        }
    }

    /** A second open file description of the same file, with the same access mode. */
    private static int reopen(int fd) {
        int accmode = Sys.fcntlGetFlags(fd) & Linux.O_ACCMODE;
        return Sys.open("/proc/self/fd/" + fd, accmode | Linux.O_CLOEXEC, 0);
    }

    @Override
    public synchronized void close() {
        owners.values().forEach(fd -> Sys.close(fd.fd()));
        owners.clear();
    }
}
