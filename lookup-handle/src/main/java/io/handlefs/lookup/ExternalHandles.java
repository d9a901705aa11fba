package io.handlefs.lookup;

import io.handlefs.codec.FileHandle;
import io.handlefs.codec.HandleCodec;
import io.handlefs.codec.HandleDecodeException;
import io.handlefs.codec.NodeId;
import io.handlefs.inode.NodeRecord;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Stat;
import io.handlefs.sys.Sys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Handles that come from outside (an SMB reconnect, the command line, a LOOKUP_HANDLE): handed out
 * authenticated by {@link #encode}, and taken back by {@link #lookupHandle} only after, in order:
 * the MAC, the export id, the filesystem, open_by_handle_at, and proof that the object lies under
 * the export root on the export's mount. Every failure is ESTALE to the caller (it learns nothing
 * about why) and one warning per source in the log.
 *
 * <p>The proof: a directory walks ".." up to the root, at most {@link #MAX_DEPTH} levels. A file
 * has no ".." to walk; it must be a node the table knows (reached from the root by name, and
 * removed from the table when its last link goes) whose parent directory passes the walk.
 */
public final class ExternalHandles {
    private static final Logger log = LoggerFactory.getLogger(ExternalHandles.class);
    static final int MAX_DEPTH = 4096;
    private static final int MAX_WARNED_SOURCES = 10_000;
    private static final int O_PATH_DIR = Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_NOFOLLOW | Linux.O_CLOEXEC;

    private final Export export;
    private final HandleCodec codec;
    private final Set<String> warnedSources = ConcurrentHashMap.newKeySet();
    /** The root's identity and mount, fixed while the export is open: not asked again per handle. */
    private final Stat root;
    private final int rootMountId;

    public ExternalHandles(Export export, HandleCodec codec) {
        this.export = export;
        this.codec = codec;
        this.root = Sys.statx(export.rootFd(), "", Linux.AT_EMPTY_PATH);
        this.rootMountId = Sys.nameToHandleAt(export.rootFd(), "", Linux.AT_EMPTY_PATH).mountId();
    }

    /** The authenticated wire form of a node's handle. */
    public byte[] encode(NodeId id) {
        NodeRecord node = export.table().get(id).orElseThrow(() -> new ErrnoException(Errno.ESTALE, "encode " + id));
        return codec.encode(node.handle());
    }

    /**
     * LOOKUP_HANDLE: the node a handle from outside names, or, with a name, that node's child.
     *
     * @param source who sent it (an address, "cli"): failures are logged once per source
     */
    public Entry lookupHandle(Credentials caller, byte[] wire, Optional<String> name, String source) {
        Entry entry = validate(wire, source);
        return name.isPresent() ? export.lookup(caller, entry.node().id(), name.get()) : entry;
    }

    private Entry validate(byte[] wire, String source) {
        FileHandle h;
        try {
            h = codec.decode(wire);
        } catch (HandleDecodeException e) {
            throw stale(source, "not a handle of this server (" + e.reason() + ")");
        }
        if (h.exportId() != export.options().exportId()) {
            throw stale(source, "export id " + h.exportId() + " is not this export's");
        }
        if (h.fsId() != export.fsId()) {
            throw stale(source, "filesystem id " + Long.toHexString(h.fsId()) + " is not the export's");
        }
        int fd;
        try {
            fd = Sys.openByHandleAt(export.rootFd(), h.handleType(), h.handleBytes(),
                    Linux.O_PATH | Linux.O_NOFOLLOW | Linux.O_CLOEXEC);
        } catch (ErrnoException e) {
            throw stale(source, "open_by_handle_at: " + e.errno());
        }
        try {
            Stat stat = Sys.statx(fd, "", Linux.AT_EMPTY_PATH | Linux.AT_SYMLINK_NOFOLLOW);
            NodeId parent = (stat.mode() & Linux.S_IFMT) == Linux.S_IFDIR ? checkDirectory(fd, source)
                    : checkFile(h, source);
            int owned = fd;
            fd = -1; // entryFor owns it from here
            return export.entryFor(owned, parent);
        } finally {
            if (fd >= 0) {
                Sys.close(fd);
            }
        }
    }

    /** A directory under the root: its parent's node as the hint (the root's for the root). */
    private NodeId checkDirectory(int dirFd, String source) {
        if (!sameMount(dirFd)) {
            throw stale(source, "directory on another mount");
        }
        return walkToRoot(dirFd, source);
    }

    /** A file: known to the table, in a directory that is under the root. */
    private NodeId checkFile(FileHandle h, String source) {
        NodeRecord node = export.table().find(h)
                .orElseThrow(() -> stale(source, "a file handle the export never gave out"));
        try (PathFd parent = export.resolve(node.parentHint())) {
            walkToRoot(parent.fd(), source);
        } catch (ErrnoException e) {
            throw stale(source, "the file's directory is gone: " + e.errno());
        }
        return node.parentHint();
    }

    private boolean sameMount(int fd) {
        return Sys.nameToHandleAt(fd, "", Linux.AT_EMPTY_PATH).mountId() == rootMountId;
    }

    /**
     * Walks ".." from a directory until the export root; the node of the first step's directory
     * (or the root) is returned as the parent hint. Leaving the filesystem or reaching its top
     * first means the directory is outside the export.
     */
    private NodeId walkToRoot(int dirFd, String source) {
        Stat here = Sys.statx(dirFd, "", Linux.AT_EMPTY_PATH);
        if (same(here, root)) {
            return NodeId.ROOT;
        }
        int fd = Sys.openat(dirFd, "..", O_PATH_DIR, 0);
        try {
            Stat up = Sys.statx(fd, "", Linux.AT_EMPTY_PATH);
            NodeId firstParent = null;
            for (int depth = 0; depth < MAX_DEPTH; depth++) {
                if (up.dev() != root.dev()) {
                    throw stale(source, "outside the export (another filesystem)");
                }
                if (firstParent == null) {
                    firstParent = same(up, root) ? NodeId.ROOT
                            : export.table().find(export.handleOf(Sys.nameToHandleAt(fd, "", Linux.AT_EMPTY_PATH)))
                                    .map(NodeRecord::id).orElse(NodeId.ROOT);
                }
                if (same(up, root)) {
                    return firstParent;
                }
                int next = Sys.openat(fd, "..", O_PATH_DIR, 0);
                Sys.close(fd);
                fd = next;
                Stat above = Sys.statx(fd, "", Linux.AT_EMPTY_PATH);
                if (same(above, up)) {
                    throw stale(source, "outside the export (reached the filesystem's top)");
                }
                up = above;
            }
            throw stale(source, "deeper than " + MAX_DEPTH + " levels");
        } finally {
            Sys.close(fd);
        }
    }

    private static boolean same(Stat a, Stat b) {
        return a.dev() == b.dev() && a.ino() == b.ino();
    }

    private ErrnoException stale(String source, String why) {
        if (warnedSources.size() > MAX_WARNED_SOURCES) {
            warnedSources.clear(); // a flood of sources must not grow memory; they may warn again
        }
        if (warnedSources.add(source)) {
            log.warn("refused a handle from {}: {} (further refusals from {} are not logged)", source, why, source);
        } else {
            log.debug("refused a handle from {}: {}", source, why);
        }
        return new ErrnoException(Errno.ESTALE, "handle");
    }
}
