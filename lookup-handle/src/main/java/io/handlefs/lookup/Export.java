package io.handlefs.lookup;

import io.handlefs.codec.FileHandle;
import io.handlefs.codec.NodeId;
import io.handlefs.inode.LookupCounts;
import io.handlefs.inode.NodeRecord;
import io.handlefs.inode.NodeSweep;
import io.handlefs.inode.NodeTable;
import io.handlefs.inode.SweepCounts;
import io.handlefs.sys.Errno;
import io.handlefs.sys.Dirent;
import io.handlefs.sys.Dirents;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.KernelHandle;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Stat;
import io.handlefs.sys.StatFs;
import io.handlefs.sys.Sys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * One exported directory tree: resolves nodes to fds and runs every namespace and attribute
 * operation on resolved fds, one name component at a time, under the caller's credentials.
 * Names are raw byte strings (one char per byte). The protocol layers call this and never touch
 * files themselves.
 */
public final class Export implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Export.class);

    /** Child lookups stay below their directory, never follow magic links, never cross mounts. */
    static final long RESOLVE_CHILD = Linux.RESOLVE_BENEATH | Linux.RESOLVE_NO_MAGICLINKS | Linux.RESOLVE_NO_XDEV;
    private static final int O_PATH_NOFOLLOW = Linux.O_PATH | Linux.O_NOFOLLOW | Linux.O_CLOEXEC;

    private final ExportOptions options;
    private final NodeTable table;
    private final FdCache fds;
    private final LookupCounts counts = new LookupCounts();
    /** Nodes whose file is gone but which the kernel still holds: removed from the table at FORGET. */
    private final Set<NodeId> gone = ConcurrentHashMap.newKeySet();
    /** Nodes released by their last holder, oldest first, not yet released in the table. */
    private final ArrayDeque<NodeId> released = new ArrayDeque<>();
    static final int RELEASE_DELAY = 4096;
    /** A real (not O_PATH) directory fd: open_by_handle_at needs one as its mount fd. */
    private final PathFd root;
    private final long fsId;
    /** Whether nodes reopen by handle (root); else each keeps its fd while the kernel holds it. */
    private final boolean opensByHandle;
    /** Filesystems that report nothing at close (statfs f_type): ext2/3/4, xfs, btrfs, tmpfs, f2fs, bcachefs. */
    private static final Set<Long> LOCAL_FS_TYPES = Set.of(0xEF53L, 0x58465342L, 0x9123683EL, 0x01021994L,
            0xF2F52010L, 0xCA451A4EL);
    /** Whether FLUSH must close a dup of the fd to learn of delayed write errors. */
    private final boolean reportsErrorsAtClose;
    /** The export's device: lookups never cross into another mount. */
    private final long rootDev;
    /** Who hears of changes the SMB server makes (the FUSE daemon, to invalidate the kernel's caches). */
    private volatile ChangeListener changes = ChangeListener.NONE;
    /** What a local open of a node waits for first (the SMB server's leases, when it serves this export). */
    private volatile OpenGate openGate = OpenGate.OPEN;

    private Export(ExportOptions options, NodeTable table, int rootFd) {
        this.options = options;
        this.table = table;
        this.root = new PathFd(rootFd);
        this.fsId = Sys.fstatfs(rootFd).fsid();
        this.rootDev = stat(rootFd).dev();
        this.reportsErrorsAtClose = !LOCAL_FS_TYPES.contains(Sys.fstatfs(rootFd).type());
        KernelHandle rootHandle = Sys.nameToHandleAt(rootFd, "", Linux.AT_EMPTY_PATH);
        table.setRoot(handleOf(rootHandle));
        this.opensByHandle = canOpenByHandle(rootFd, rootHandle);
        if (opensByHandle) {
            // The root's fd counts against the bound: fds into the tree never exceed maxFds.
            this.fds = FdCache.bounded(Math.max(1, options.maxFds() - 1));
        } else {
            log.warn("open_by_handle_at is not permitted (it needs CAP_DAC_READ_SEARCH, i.e. root): keeping one "
                    + "fd per node the kernel holds, as libfuse's passthrough does; run as root for bounded fds "
                    + "and handles that survive pruning");
            this.fds = FdCache.pinned();
        }
    }

    private static boolean canOpenByHandle(int rootFd, KernelHandle rootHandle) {
        try {
            Sys.close(Sys.openByHandleAt(rootFd, rootHandle.type(), rootHandle.bytes(), O_PATH_NOFOLLOW));
            return true;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EPERM) {
                return false;
            }
            throw e;
        }
    }

    /**
     * A stable name for the tree rooted at a directory (a raw byte-string path): a digest of its
     * filesystem id and the root's handle, so that state kept per export finds the same tree again
     * after a restart, and two exports sharing a state directory never share a node table.
     */
    public static String identity(String rootPath) {
        int fd = Sys.open(rootPath, Linux.O_PATH | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
        try {
            KernelHandle h = Sys.nameToHandleAt(fd, "", Linux.AT_EMPTY_PATH);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ByteBuffer.allocate(12).putLong(Sys.fstatfs(fd).fsid()).putInt(h.type()).array());
            sha.update(h.bytes());
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        } finally {
            Sys.close(fd);
        }
    }

    /** Opens the export rooted at a directory (a raw byte-string path). */
    public static Export open(String rootPath, ExportOptions options, NodeTable table) {
        int fd = Sys.open(rootPath, Linux.O_RDONLY | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
        try {
            return new Export(options, table, fd);
        } catch (RuntimeException e) {
            Sys.close(fd);
            throw e;
        }
    }

    public ExportOptions options() {
        return options;
    }

    /** The gate local opens pass (see {@link OpenGate}); {@link OpenGate#OPEN} unless a server set one. */
    public OpenGate openGate() {
        return openGate;
    }

    /** Sets the gate local opens pass; {@link OpenGate#OPEN} removes it. */
    public void openGate(OpenGate gate) {
        this.openGate = gate;
    }

    public NodeTable table() {
        return table;
    }

    /** Where a protocol reports the changes it made, for the others' caches. */
    public ChangeListener changes() {
        return changes;
    }

    /** Sets who hears of changes ({@link ChangeListener#NONE}: nobody). */
    public void listenForChanges(ChangeListener listener) {
        this.changes = listener;
    }

    long fsId() {
        return fsId;
    }

    /** The root's fd (a real directory fd), with no reference taken: valid while the export is open. */
    int rootFd() {
        return root.fd();
    }

    FileHandle handleOf(KernelHandle kh) {
        return new FileHandle(options.exportId(), fsId, kh.type(), kh.bytes());
    }

    /** The node's O_PATH fd with a reference taken: cached, else reopened from its handle. */
    PathFd resolve(NodeId id) {
        if (id.isRoot()) {
            root.tryAcquire();
            return root;
        }
        PathFd cached = fds.acquire(id);
        if (cached != null) {
            return cached;
        }
        NodeRecord node = table.get(id).orElseThrow(() -> new ErrnoException(Errno.ESTALE, "resolve " + id));
        FileHandle h = node.handle();
        int fd = Sys.openByHandleAt(root.fd(), h.handleType(), h.handleBytes(), O_PATH_NOFOLLOW);
        return fds.offer(id, fd);
    }

    // ---- lookups ---------------------------------------------------------------------------

    /** LOOKUP(parent, name), including "." and "..". The caller counts the kernel's reference. */
    public Entry lookup(Credentials caller, NodeId parent, String name) {
        if (name.equals(".")) {
            return self(parent);
        }
        if (name.equals("..")) {
            return parentOf(parent);
        }
        checkName(name);
        try (PathFd dir = resolve(parent); Credentials.Scope as = caller.enter()) {
            return lookupAt(dir.fd(), parent, name);
        }
    }

    /**
     * Looks a child name up in a directory fd (also used by READDIRPLUS) without opening it: two
     * syscalls on one name component, neither following a final symlink (the name holds no "/"
     * and is never ".."), and a mount below the export is refused as openat2's RESOLVE_NO_XDEV
     * would. The child gets an fd only when an operation needs one ({@link #resolve}).
     */
    Entry lookupAt(int dirFd, NodeId parent, String name) {
        return lookupAt(dirFd, parent, name, false);
    }

    /** fresh: this process has just made the name (mkdir, mknod, symlink), so its node is new. */
    private Entry lookupAt(int dirFd, NodeId parent, String name, boolean fresh) {
        if (!opensByHandle) {
            // Without open_by_handle_at a node is reachable only through the fd kept for it.
            return entryFor(Sys.openat2(dirFd, name, O_PATH_NOFOLLOW, 0, RESOLVE_CHILD), parent);
        }
        Stat stat = Sys.statx(dirFd, name, Linux.AT_SYMLINK_NOFOLLOW);
        if (stat.dev() != rootDev) {
            throw new ErrnoException(Errno.EXDEV, "lookup: a mount below the export");
        }
        KernelHandle kh = Sys.nameToHandleAt(dirFd, name, 0);
        int type = stat.mode() & Linux.S_IFMT;
        return new Entry(fresh ? table.getOrCreateFresh(handleOf(kh), type, parent)
                : table.getOrCreate(handleOf(kh), type, parent), stat);
    }

    /**
     * The entry of a file just opened or created; the fd stays the caller's. fresh: this open
     * surely created the file (O_EXCL, O_TMPFILE), so its node is new.
     */
    Entry entryOfOpenFile(int fd, NodeId parent, boolean fresh) {
        return opensByHandle ? describe(fd, parent, fresh)
                : entryFor(Sys.open("/proc/self/fd/" + fd, Linux.O_PATH | Linux.O_CLOEXEC, 0), parent);
    }

    /** The entry of an open fd (any kind); the fd stays the caller's and is not cached. */
    private Entry describe(int fd, NodeId parent, boolean fresh) {
        KernelHandle kh = Sys.nameToHandleAt(fd, "", Linux.AT_EMPTY_PATH);
        Stat stat = Sys.statx(fd, "", Linux.AT_EMPTY_PATH | Linux.AT_SYMLINK_NOFOLLOW);
        int type = stat.mode() & Linux.S_IFMT;
        NodeRecord node = fresh ? table.getOrCreateFresh(handleOf(kh), type, parent)
                : table.getOrCreate(handleOf(kh), type, parent);
        return new Entry(node, stat);
    }

    /** The entry of a freshly opened O_PATH fd, which goes to the cache. */
    Entry entryFor(int fd, NodeId parent) {
        Entry entry;
        try {
            entry = describe(fd, parent, false);
        } catch (RuntimeException e) {
            Sys.close(fd);
            throw e;
        }
        fds.offer(entry.node().id(), fd).close();
        return entry;
    }

    private Entry self(NodeId id) {
        NodeRecord node = table.get(id).orElseThrow(() -> new ErrnoException(Errno.ESTALE, "lookup . " + id));
        try (PathFd fd = resolve(id)) {
            return new Entry(node, stat(fd.fd()));
        }
    }

    private Entry parentOf(NodeId id) {
        if (id.isRoot()) {
            return self(id);
        }
        try (PathFd fd = resolve(id)) {
            NodeRecord child = table.get(id).orElseThrow(() -> new ErrnoException(Errno.ESTALE, "lookup .. " + id));
            if (!child.isDirectory()) {
                throw new ErrnoException(Errno.ENOTDIR, "lookup .. " + id);
            }
            int parentFd = Sys.openat(fd.fd(), "..", O_PATH_NOFOLLOW, 0);
            KernelHandle kh;
            try {
                kh = Sys.nameToHandleAt(parentFd, "", Linux.AT_EMPTY_PATH);
            } catch (RuntimeException e) {
                Sys.close(parentFd);
                throw e;
            }
            NodeRecord rootNode = table.get(NodeId.ROOT).orElseThrow();
            if (rootNode.handle().equals(handleOf(kh))) {
                Sys.close(parentFd);
                return self(NodeId.ROOT);
            }
            return entryFor(parentFd, child.parentHint());
        }
    }

    static void checkName(String name) {
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new ErrnoException(Errno.EINVAL, "name");
        }
        if (name.length() > 255) {
            throw new ErrnoException(Errno.ENAMETOOLONG, "name");
        }
    }

    // ---- the kernel's references -----------------------------------------------------------

    /** Counts one kernel reference to a node (every entry reply the kernel accepted). */
    public void retain(NodeId id) {
        counts.increment(id);
    }

    /**
     * FORGET: drops n kernel references. A node nobody references leaves memory; it leaves the
     * table too if its file is gone, else the table decides ({@link NodeTable#release}).
     */
    public void forget(NodeId id, long n) {
        if (counts.forget(id, n) && !id.isRoot()) {
            fds.invalidate(id);
            if (gone.remove(id)) {
                table.remove(id);
            } else {
                releaseLater(id);
            }
        }
    }

    /**
     * A node nobody references goes to the table's {@link NodeTable#release} only after
     * {@value #RELEASE_DELAY} later releases, and only if still unreferenced then. A lookup
     * returns its entry before the caller counts it ({@link #retain}): a release between the two
     * would let an in-memory table drop a node the caller is about to hand out (an SMB open of a
     * file whose last handle was just closed got ESTALE so).
     */
    private void releaseLater(NodeId id) {
        NodeId oldest;
        synchronized (released) {
            released.addLast(id);
            oldest = released.size() > RELEASE_DELAY ? released.removeFirst() : null;
        }
        if (oldest != null && counts.count(oldest) == 0 && !gone.contains(oldest)) {
            table.release(oldest);
        }
    }

    /**
     * The file of a node was removed (its last link): the node leaves the table now, or when the
     * kernel forgets it if the kernel still holds it (an open file may still use it).
     */
    private void fileGone(NodeId id) {
        gone.add(id);
        if (counts.count(id) == 0 && gone.remove(id)) {
            fds.invalidate(id);
            table.remove(id);
        }
    }

    /**
     * The node whose file a change of name will remove: what the name names now, if it is a
     * directory or a file with one link left, and the table knows it. (A link() racing with the
     * change could keep such a file alive; its node then leaves the table early, and the file
     * gets a new node at its next lookup.)
     */
    private NodeId victim(int dirFd, String name) {
        try {
            Stat st = Sys.statx(dirFd, name, Linux.AT_SYMLINK_NOFOLLOW);
            if ((st.mode() & Linux.S_IFMT) != Linux.S_IFDIR && st.nlink() > 1) {
                return null;
            }
            return table.find(handleOf(Sys.nameToHandleAt(dirFd, name, 0))).map(NodeRecord::id).orElse(null);
        } catch (ErrnoException e) {
            return null; // nothing there (or not ours to see): nothing to remove
        }
    }

    public long lookupCount(NodeId id) {
        return counts.count(id);
    }

    // ---- attributes ------------------------------------------------------------------------

    public Stat getattr(NodeId id) {
        try (PathFd fd = resolve(id)) {
            return stat(fd.fd());
        }
    }

    private static Stat stat(int fd) {
        return Sys.statx(fd, "", Linux.AT_EMPTY_PATH | Linux.AT_SYMLINK_NOFOLLOW);
    }

    /**
     * SETATTR in the order chmod, chown, truncate, utimes. A size change uses the open file when
     * one is given (ftruncate needs no write permission then), else reopens the file for writing.
     */
    public Stat setattr(Credentials caller, NodeId id, SetAttributes change, int openFd) {
        try (PathFd fd = resolve(id); Credentials.Scope as = caller.enter()) {
            // Names are cached only under directories anyone may search: only closing one of
            // those makes cached names stale.
            boolean openBefore = change.changesMode() && everyoneMaySearch(stat(fd.fd()));
            if (change.changesMode()) {
                Sys.fchmodat(Linux.AT_FDCWD, fd.procPath(), change.mode() & 07777, 0);
            }
            if (change.changesOwner()) {
                Sys.fchownat(fd.fd(), "", change.uid(), change.gid(), Linux.AT_EMPTY_PATH | Linux.AT_SYMLINK_NOFOLLOW);
            }
            if (change.changesSize()) {
                truncate(fd, change.size(), openFd);
            }
            if (change.changesTimes()) {
                Sys.utimensat(fd.fd(), "", change.atimeSec(), change.atimeNsec(), change.mtimeSec(),
                        change.mtimeNsec(), Linux.AT_EMPTY_PATH | Linux.AT_SYMLINK_NOFOLLOW);
            }
            Stat after = stat(fd.fd());
            if (openBefore && !everyoneMaySearch(after)) {
                changes.searchNarrowed(id);
            }
            return after;
        }
    }

    /**
     * Whether every user may search the directory, so that a name in it may be resolved for any
     * caller without asking the lower filesystem (false for anything not a directory).
     */
    public boolean everyoneMaySearch(NodeId dir) {
        try (PathFd fd = resolve(dir)) {
            return everyoneMaySearch(stat(fd.fd()));
        }
    }

    private static boolean everyoneMaySearch(Stat s) {
        return (s.mode() & Linux.S_IFMT) == Linux.S_IFDIR && (s.mode() & SEARCH_ALL) == SEARCH_ALL;
    }

    /** Search (x) for owner, group and others. */
    private static final int SEARCH_ALL = 0111;

    private static void truncate(PathFd fd, long size, int openFd) {
        if (openFd >= 0) {
            Sys.ftruncate(openFd, size);
            return;
        }
        int wfd = Sys.open(fd.procPath(), Linux.O_WRONLY | Linux.O_CLOEXEC, 0);
        try {
            Sys.ftruncate(wfd, size);
        } finally {
            Sys.close(wfd);
        }
    }

    public String readlink(NodeId id) {
        try (PathFd fd = resolve(id)) {
            return Sys.readlinkat(fd.fd(), "");
        }
    }

    public StatFs statfs(NodeId id) {
        try (PathFd fd = resolve(id)) {
            return Sys.fstatfs(fd.fd());
        }
    }

    /** access(2) as the caller (effective ids, as the kernel checks them for a real open). */
    public void access(Credentials caller, NodeId id, int mask) {
        try (PathFd fd = resolve(id); Credentials.Scope as = caller.enter()) {
            Sys.faccessat(Linux.AT_FDCWD, fd.procPath(), mask, Linux.AT_EACCESS);
        }
    }

    // ---- namespace -------------------------------------------------------------------------

    public Entry mknod(Credentials caller, NodeId parent, String name, int mode, long rdev, int umask) {
        checkName(name);
        try (PathFd dir = resolve(parent); Credentials.Scope as = caller.enter()) {
            Sys.mknodat(dir.fd(), name, applyUmask(mode, umask), rdev);
            return lookupAt(dir.fd(), parent, name, true);
        }
    }

    public Entry mkdir(Credentials caller, NodeId parent, String name, int mode, int umask) {
        checkName(name);
        try (PathFd dir = resolve(parent); Credentials.Scope as = caller.enter()) {
            Sys.mkdirat(dir.fd(), name, applyUmask(mode, umask));
            return lookupAt(dir.fd(), parent, name, true);
        }
    }

    public Entry symlink(Credentials caller, NodeId parent, String name, String target) {
        checkName(name);
        try (PathFd dir = resolve(parent); Credentials.Scope as = caller.enter()) {
            Sys.symlinkat(target, dir.fd(), name);
            return lookupAt(dir.fd(), parent, name, true);
        }
    }

    /** LINK: the /proc form of the source needs no CAP_DAC_READ_SEARCH, unlike AT_EMPTY_PATH. */
    public Entry link(Credentials caller, NodeId node, NodeId newParent, String newName) {
        checkName(newName);
        try (PathFd src = resolve(node); PathFd dir = resolve(newParent); Credentials.Scope as = caller.enter()) {
            Sys.linkat(Linux.AT_FDCWD, src.procPath(), dir.fd(), newName, Linux.AT_SYMLINK_FOLLOW);
            return lookupAt(dir.fd(), newParent, newName);
        }
    }

    public void unlink(Credentials caller, NodeId parent, String name) {
        remove(caller, parent, name, 0);
    }

    public void rmdir(Credentials caller, NodeId parent, String name) {
        remove(caller, parent, name, Linux.AT_REMOVEDIR);
    }

    private void remove(Credentials caller, NodeId parent, String name, int flags) {
        checkName(name);
        try (PathFd dir = resolve(parent)) {
            NodeId victim = victim(dir.fd(), name);
            try (Credentials.Scope as = caller.enter()) {
                Sys.unlinkat(dir.fd(), name, flags);
            }
            if (victim != null) {
                fileGone(victim);
            }
        }
    }

    public void rename(Credentials caller, NodeId parent, String name, NodeId newParent, String newName, int flags) {
        checkName(name);
        checkName(newName);
        try (PathFd from = resolve(parent); PathFd to = resolve(newParent)) {
            // Only a plain rename can replace (and so unlink) what newName names.
            NodeId victim = (flags & (Linux.RENAME_EXCHANGE | Linux.RENAME_NOREPLACE)) == 0
                    ? victim(to.fd(), newName) : null;
            try (Credentials.Scope as = caller.enter()) {
                Sys.renameat2(from.fd(), name, to.fd(), newName, flags);
            }
            if (victim != null) {
                fileGone(victim);
            }
        }
    }

    /**
     * The kernel passes the caller's umask instead of applying it (FUSE_DONT_MASK), so that a
     * filesystem with default ACLs could ignore it; without ACL support here it always applies.
     */
    static int applyUmask(int mode, int umask) {
        return mode & ~(umask & 0777);
    }

    // ---- extended attributes ---------------------------------------------------------------

    /** getxattr: with a zero-capacity buffer returns the size the value needs. */
    public int getxattr(Credentials caller, NodeId id, String name, ByteBuffer dst) {
        try (PathFd fd = resolve(id); Credentials.Scope as = caller.enter()) {
            return Sys.getxattr(fd.procPath(), name, dst);
        }
    }

    /**
     * listxattr. The lower filesystem shows trusted.* names to any process with CAP_SYS_ADMIN,
     * which the daemon keeps under every caller's fsuid; so they are dropped here for callers
     * other than root, as the kernel drops them for such callers natively. A size query may
     * overestimate, which listxattr(2) allows.
     */
    public int listxattr(Credentials caller, NodeId id, ByteBuffer dst) {
        int start = dst.position();
        int got;
        try (PathFd fd = resolve(id); Credentials.Scope as = caller.enter()) {
            got = Sys.listxattr(fd.procPath(), dst);
        }
        if (caller.uid() == 0 || dst.capacity() == 0) {
            return got;
        }
        int kept = XattrNames.dropPrefix(dst, start, got, "trusted.");
        dst.position(start + kept);
        return kept;
    }

    public void setxattr(Credentials caller, NodeId id, String name, ByteBuffer value, int flags) {
        try (PathFd fd = resolve(id); Credentials.Scope as = caller.enter()) {
            Sys.setxattr(fd.procPath(), name, value, flags);
        }
        aclChanged(id, name);
    }

    public void removexattr(Credentials caller, NodeId id, String name) {
        try (PathFd fd = resolve(id); Credentials.Scope as = caller.enter()) {
            Sys.removexattr(fd.procPath(), name);
        }
        aclChanged(id, name);
    }

    /** An access ACL may deny some users the search its mode bits allow: treated as narrowing. */
    private void aclChanged(NodeId id, String xattr) {
        if (xattr.equals(ACL_ACCESS_XATTR) && table.get(id).map(NodeRecord::isDirectory).orElse(false)) {
            changes.searchNarrowed(id);
        }
    }

    private static final String ACL_ACCESS_XATTR = "system.posix_acl_access";

    /**
     * Closes every cached O_PATH fd, as pruning under pressure does: the nodes stay known and are
     * reopened by handle on next use, and the lower files are no longer pinned by the daemon.
     */
    public void dropCachedFds() {
        fds.clear();
    }

    /**
     * Sweeps the table: a node whose file is gone (removed while nobody watched, e.g. with the
     * daemon stopped: its handle no longer opens, or opens an inode without links) leaves it,
     * unless the kernel still holds it. Other errors keep the node.
     *
     * @param judged told the running count of nodes looked at (for a progress display)
     */
    public SweepCounts sweepStale(LongConsumer judged) {
        AtomicLong seen = new AtomicLong();
        return table.sweep(new NodeSweep() {
            @Override
            public boolean keep(NodeRecord node) {
                judged.accept(seen.incrementAndGet());
                if (counts.count(node.id()) > 0) {
                    return true; // the kernel holds it: it leaves at FORGET if its file is gone
                }
                FileHandle h = node.handle();
                int fd;
                try {
                    fd = Sys.openByHandleAt(root.fd(), h.handleType(), h.handleBytes(), O_PATH_NOFOLLOW);
                } catch (ErrnoException e) {
                    return e.errno() != Errno.ESTALE && e.errno() != Errno.ENOENT;
                }
                try {
                    // An unlinked inode still open somewhere opens by handle, but has no name left.
                    return stat(fd).nlink() > 0;
                } finally {
                    Sys.close(fd);
                }
            }

            @Override
            public void removed(NodeRecord node) {
                fds.invalidate(node.id());
            }
        });
    }

    /**
     * Where a node's file is today, as a path under the export root ("" for the root): a
     * directory knows its path; a file is looked for by inode number in its parent's directory.
     */
    public String pathOf(NodeId id) {
        NodeRecord node = table.get(id).orElseThrow(() -> new ErrnoException(Errno.ESTALE, "path of " + id));
        String rootPath = Sys.readlinkat(Linux.AT_FDCWD, "/proc/self/fd/" + root.fd());
        if (node.isDirectory()) {
            try (PathFd fd = resolve(id)) {
                return relative(rootPath, Sys.readlinkat(Linux.AT_FDCWD, fd.procPath()));
            }
        }
        long ino;
        try (PathFd fd = resolve(id)) {
            ino = stat(fd.fd()).ino();
            // The kernel knows the path of a file whose dentry is connected (recently used).
            String known = Sys.readlinkat(Linux.AT_FDCWD, fd.procPath());
            if (known.startsWith(rootPath + "/") && !known.endsWith(" (deleted)")) {
                return relative(rootPath, known);
            }
        }
        String dir = pathOf(node.parentHint());
        try (PathFd parent = resolve(node.parentHint())) {
            int dirFd = Sys.open(parent.procPath(), Linux.O_RDONLY | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
            try {
                ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
                for (int n; (n = Sys.getdents64(dirFd, buf.clear())) > 0; ) {
                    for (Dirent d : Dirents.parse(buf, n)) {
                        if (d.ino() == ino && !d.name().equals(".") && !d.name().equals("..")) {
                            return dir.isEmpty() ? d.name() : dir + "/" + d.name();
                        }
                    }
                }
            } finally {
                Sys.close(dirFd);
            }
        }
        throw new ErrnoException(Errno.ENOENT, "path of " + id + ": the file exists but has left its last known directory");
    }

    private static String relative(String rootPath, String path) {
        if (path.equals(rootPath)) {
            return "";
        }
        if (!path.startsWith(rootPath + "/")) {
            throw new ErrnoException(Errno.ESTALE, "outside the export: " + path);
        }
        return path.substring(rootPath.length() + 1);
    }

    /** Whether the lower filesystem may report delayed write errors at close (NFS, SMB, FUSE below). */
    public boolean reportsErrorsAtClose() {
        return reportsErrorsAtClose;
    }

    /** How many O_PATH fds the node cache holds now (for tests and logs). */
    public long cachedFds() {
        return fds.size();
    }

    @Override
    public void close() {
        fds.clear();
        root.close();
        table.close();
        log.debug("export closed");
    }
}
