package io.handlefs.fuse;

import io.handlefs.codec.NodeId;
import io.handlefs.lookup.OpenFiles;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Stat;
import io.handlefs.sys.Sys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * FUSE passthrough: the kernel reads and writes a regular file's lower file itself, through a
 * backing file the daemon registers. The kernel's rules (fs/fuse/iomode.c) shape this class: all
 * the opens of one inode at one time are either passthrough with the same backing file, or none
 * is (a mix fails the open with EIO). So the mode is chosen per node at its first open and kept
 * until its last release; the backing file is the daemon's own read-write open of the file, so
 * that every later open of the node, reading or writing, can share it.
 *
 * <p>Files with set-user/group-ID bits stay on the daemon's I/O path: there each write carries
 * the writer's right to keep the bits (HANDLE_KILLPRIV_V2), which a shared backing file does not.
 */
final class BackingFiles {
    private static final Logger log = LoggerFactory.getLogger(BackingFiles.class);

    /** A node's I/O mode while it has opens: backingId 0 is the daemon's I/O path. */
    private record Mode(int backingId, boolean writable, int opens) {
        Mode opened() {
            return new Mode(backingId, writable, opens + 1);
        }
    }

    /** What INIT granted: passthrough is used only if the kernel granted it. */
    private final OpenModes granted;
    private final Map<NodeId, Mode> modes = new HashMap<>();
    private final Map<Long, NodeId> nodeOfFh = new HashMap<>();
    private volatile boolean warned;

    BackingFiles(OpenModes granted) {
        this.granted = granted;
    }

    /**
     * Registers the open file fh; its backing id, or 0 to serve it through the daemon. An open
     * for writing of a node whose shared backing file is read-only fails with EACCES. st: the
     * open file's attributes.
     */
    int register(int deviceFd, OpenFiles files, long fh, int openFlags, Stat st) {
        // Without passthrough no open needs the lock below: the daemon path stays lock-free.
        return granted.passthrough() ? registerLocked(deviceFd, files, fh, openFlags, st) : 0;
    }

    private synchronized int registerLocked(int deviceFd, OpenFiles files, long fh, int openFlags, Stat st) {
        NodeId node = files.node(fh);
        Mode mode = modes.get(node);
        boolean forWriting = (openFlags & Linux.O_ACCMODE) != Linux.O_RDONLY;
        if (mode == null) {
            mode = firstOpen(deviceFd, files.fd(fh), files.readWrite(fh), st);
        } else if (mode.backingId() != 0 && forWriting && !mode.writable()) {
            throw new ErrnoException(Errno.EACCES, "open for writing beside a read-only passthrough open");
        }
        modes.put(node, mode.opened());
        nodeOfFh.put(fh, node);
        return mode.backingId();
    }

    /** The mode of a node's first open: fd is that open's, readWrite whether it may serve as the backing file. */
    private Mode firstOpen(int deviceFd, int fd, boolean readWrite, Stat st) {
        if ((st.mode() & Linux.S_IFMT) != Linux.S_IFREG || (st.mode() & (Linux.S_ISUID | Linux.S_ISGID)) != 0) {
            return new Mode(0, false, 0);
        }
        int backing = fd;
        boolean writable = true;
        if (!readWrite) {
            String path = "/proc/self/fd/" + fd;
            try {
                backing = Sys.open(path, Linux.O_RDWR | Linux.O_CLOEXEC, 0);
            } catch (ErrnoException e) {
                backing = Sys.open(path, Linux.O_RDONLY | Linux.O_CLOEXEC, 0); // read-only fs, running binary
                writable = false;
            }
        }
        try {
            return new Mode(Sys.fuseBackingOpen(deviceFd, backing), writable, 0);
        } catch (ErrnoException e) {
            if (!warned) {
                warned = true;
                log.warn("FUSE passthrough refused for a file ({}); such files use the daemon's I/O", e.getMessage());
            }
            return new Mode(0, false, 0);
        } finally {
            if (backing != fd) {
                Sys.close(backing); // the kernel holds its own reference to the backing file
            }
        }
    }

    /** RELEASE: the node's backing file goes with its last open. */
    void release(int deviceFd, long fh) {
        if (granted.passthrough()) {
            releaseLocked(deviceFd, fh);
        }
    }

    private synchronized void releaseLocked(int deviceFd, long fh) {
        NodeId node = nodeOfFh.remove(fh);
        if (node == null) {
            return;
        }
        Mode mode = modes.get(node);
        if (mode.opens() > 1) {
            modes.put(node, new Mode(mode.backingId(), mode.writable(), mode.opens() - 1));
            return;
        }
        modes.remove(node);
        if (mode.backingId() != 0) {
            Sys.fuseBackingClose(deviceFd, mode.backingId());
        }
    }
}
