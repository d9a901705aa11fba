package io.handlefs.lookup;

import io.handlefs.codec.NodeId;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Flock;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Sys;

/**
 * Byte-range locks that another protocol keeps with its own semantics (SMB's), also taken as OFD
 * locks on the lower file, so that local processes (and FUSE lock owners, whose locks are OFD
 * locks too) see them and are seen. Each lock holder gets its own open file description of the
 * file, opened read-write by the daemon (lock types need the matching access); ranges beyond what
 * off_t can name, and zero-length ranges, have no OFD form and are not mirrored.
 */
public final class OfdLocks {
    private final Export export;

    public OfdLocks(Export export) {
        this.export = export;
    }

    /** The open file description one holder's locks live on; closing it drops them all. */
    public static final class Owner implements AutoCloseable {
        private final int fd;
        /** Whether the description was opened read-write (else read-only: it can take only read locks). */
        private final boolean writable;

        private Owner(int fd, boolean writable) {
            this.fd = fd;
            this.writable = writable;
        }

        @Override
        public void close() {
            Sys.close(fd);
        }
    }

    /** A new holder of locks on the node. */
    public Owner owner(NodeId node) {
        try (PathFd path = export.resolve(node)) {
            try {
                return new Owner(Sys.open(path.procPath(), Linux.O_RDWR | Linux.O_CLOEXEC, 0), true);
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EROFS && e.errno() != Errno.EACCES && e.errno() != Errno.ETXTBSY) {
                    throw e;
                }
                return new Owner(Sys.open(path.procPath(), Linux.O_RDONLY | Linux.O_CLOEXEC, 0), false);
            }
        }
    }

    /**
     * Takes the range (offset and length as SMB gives them: unsigned); false when a local lock
     * holds it. A read-only holder takes exclusive ranges as read locks (the most it can).
     */
    public boolean lock(Owner owner, long offset, long length, boolean exclusive) {
        Flock f = flock(offset, length, exclusive && owner.writable ? Linux.F_WRLCK : Linux.F_RDLCK);
        if (f == null) {
            return true;
        }
        try {
            Sys.fcntlLock(owner.fd, Linux.F_OFD_SETLK, f);
            return true;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EAGAIN) {
                return false;
            }
            throw e;
        }
    }

    /** Releases the range (the caller takes again what its other locks still cover). */
    public void unlock(Owner owner, long offset, long length) {
        Flock f = flock(offset, length, Linux.F_UNLCK);
        if (f != null) {
            Sys.fcntlLock(owner.fd, Linux.F_OFD_SETLK, f);
        }
    }

    /** The OFD form of an unsigned range, or null when it has none; a range past off_t's end runs to EOF. */
    private static Flock flock(long offset, long length, short type) {
        if (length == 0 || offset < 0) {
            return null;
        }
        long len = offset + length - 1 < offset || offset + length < 0 ? 0 : length;
        return new Flock(type, (short) Linux.SEEK_SET, offset, len, 0);
    }
}
