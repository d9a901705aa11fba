package io.handlefs.fuse;

import io.handlefs.codec.NodeId;
import io.handlefs.fuse.wire.Attr;
import io.handlefs.fuse.wire.AttrOut;
import io.handlefs.fuse.wire.CopyFileRangeOut;
import io.handlefs.fuse.wire.CreateOut;
import io.handlefs.fuse.wire.DecodedRequest;
import io.handlefs.fuse.wire.FuseDecodeException;
import io.handlefs.fuse.wire.DirentWriter;
import io.handlefs.fuse.wire.EntryOut;
import io.handlefs.fuse.wire.FuseInHeader;
import io.handlefs.fuse.wire.FuseOpcode;
import io.handlefs.fuse.wire.FuseOutHeader;
import io.handlefs.fuse.wire.FuseReplies;
import io.handlefs.fuse.wire.FuseRequest;
import io.handlefs.fuse.wire.FuseRequestDecoder;
import io.handlefs.fuse.wire.GetxattrOut;
import io.handlefs.fuse.wire.LkOut;
import io.handlefs.fuse.wire.LseekOut;
import io.handlefs.fuse.wire.OpenOut;
import io.handlefs.fuse.wire.StatfsOut;
import io.handlefs.fuse.wire.WriteOut;
import io.handlefs.lookup.Created;
import io.handlefs.lookup.Credentials;
import io.handlefs.lookup.Entry;
import io.handlefs.lookup.Opened;
import io.handlefs.lookup.PosixLocks;
import io.handlefs.lookup.SetAttributes;
import io.handlefs.sys.Dirent;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Stat;
import io.handlefs.sys.StatFs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static io.handlefs.fuse.wire.FuseRequest.*;

/**
 * The bridge between the FUSE protocol and the export: one per worker thread. It turns a decoded
 * request into calls on {@code lookup-handle} and encodes the one reply (none for FORGET), in the
 * worker's reply buffer. Errors (undecodable requests, the export's, unexpected ones) become errno
 * replies here and nowhere else, for /dev/fuse workers and io_uring queues alike.
 */
final class FuseBridge {
    private static final Logger log = LoggerFactory.getLogger(FuseBridge.class);

    private final Kernel k;
    /** A /dev/fuse fd of the connection, for the backing-file ioctls. */
    private final int deviceFd;
    /** Where a request answered later (a blocking lock) gets its reply. */
    private final LateReply lateReply;
    private final ByteBuffer out;
    /** The reply's body area, a view reused by every READ-like reply (no slice per request). */
    private final ByteBuffer outBody;
    private final DirentWriter dirents = new DirentWriter();
    /** Nodes whose entries the reply carries: the kernel holds them once the reply is taken. */
    private final List<NodeId> entriesInReply = new ArrayList<>();
    private int direntLimit;
    private final long entryValid;
    private final int entryValidNsec;
    private final long attrValid;
    private final int attrValidNsec;

    FuseBridge(Kernel kernel, int deviceFd, ByteBuffer out, LateReply lateReply) {
        this.k = kernel;
        this.deviceFd = deviceFd;
        this.lateReply = lateReply;
        this.out = out;
        this.outBody = out.slice(FuseOutHeader.SIZE, out.capacity() - FuseOutHeader.SIZE);
        this.entryValid = (long) kernel.options().entryTimeout();
        this.entryValidNsec = nanos(kernel.options().entryTimeout());
        this.attrValid = (long) kernel.options().attrTimeout();
        this.attrValidNsec = nanos(kernel.options().attrTimeout());
    }

    private static int nanos(double seconds) {
        return (int) Math.round((seconds - Math.floor(seconds)) * 1e9);
    }

    /** The reply buffer (position 0, limit = reply length after {@link #handle}). */
    ByteBuffer out() {
        return out;
    }

    /**
     * Called when the kernel refused the reply (the request was interrupted meanwhile): it does
     * not hold the nodes the reply named, so the references counted for them are given back.
     */
    void replyLost() {
        // Indexed: an iterator per reply was half of what the I/O path allocated.
        for (int i = 0; i < entriesInReply.size(); i++) {
            k.export().forget(entriesInReply.get(i), 1);
        }
        entriesInReply.clear();
    }

    /**
     * Decodes and handles the request in {@code in}; returns the reply length in {@link #out()},
     * or 0 when no reply is due. Never throws.
     */
    int serve(FuseRequestDecoder decoder, ByteBuffer in) {
        DecodedRequest req;
        try {
            req = decoder.decode(in);
        } catch (FuseDecodeException e) {
            return refuse(e);
        }
        try {
            int len = handle(req);
            if (req.opcode() == FuseOpcode.DESTROY) {
                log.info("kernel sent DESTROY");
            }
            return len;
        } catch (RuntimeException e) {
            log.error("request {} failed unexpectedly", req.opcode(), e);
            return req.expectsReply() ? FuseReplies.error(out, req.unique(), Errno.EIO.code()) : 0;
        }
    }

    /** The error reply to a request that could not be decoded; 0 when its header is too short to answer. */
    int refuse(FuseDecodeException e) {
        if (e.reason() == FuseDecodeException.Reason.NAME_TOO_LONG) {
            log.debug("{}", e.getMessage()); // any user can ask for a long name: not worth a warning
        } else {
            log.warn("bad request from the kernel: {}", e.getMessage());
        }
        return e.header() == null ? 0 : FuseReplies.error(out, e.header().unique(), e.errno());
    }

    /**
     * Handles one request; returns the reply length in {@link #out()}, or 0 when no reply is due.
     * Never throws for anything the request or the lower filesystem did. The nodes the reply
     * names are counted as the kernel's before it is sent, not after: the kernel may send the
     * FORGET of an earlier lookup of the same node at any moment, and a count that reached zero
     * in between would drop a node the kernel has just been given.
     */
    int handle(DecodedRequest req) {
        entriesInReply.clear();
        int len = answer(req);
        for (int i = 0; i < entriesInReply.size(); i++) {
            k.export().retain(entriesInReply.get(i));
        }
        return len;
    }

    private int answer(DecodedRequest req) {
        FuseInHeader h = req.header();
        try {
            if (req.unsupported()) {
                return req.expectsReply() ? FuseReplies.error(out, h.unique(), Errno.ENOSYS.code()) : 0;
            }
            // The data path names its file by fh alone: no node ID object for it.
            return switch (req.opcode()) {
                case READ -> read(h, (Read) req.body());
                case WRITE -> write(h, (Write) req.body());
                default -> dispatch(h, req.opcode(), new NodeId(h.nodeid()), req.body());
            };
        } catch (ErrnoException e) {
            entriesInReply.clear();
            return FuseReplies.error(out, h.unique(), e.code());
        }
    }

    private int dispatch(FuseInHeader h, FuseOpcode op, NodeId node, FuseRequest body) {
        long unique = h.unique();
        return switch (op) {
            case LOOKUP -> entry(unique, node, k.export().lookup(caller(h), node, ((Lookup) body).name()));
            case FORGET -> {
                k.export().forget(node, ((Forget) body).nlookup());
                yield 0;
            }
            case BATCH_FORGET -> {
                for (ForgetOne f : ((BatchForget) body).forgets()) {
                    k.export().forget(new NodeId(f.nodeid()), f.nlookup());
                }
                yield 0;
            }
            case GETATTR -> FuseReplies.reply(out, unique, attrOut(k.export().getattr(node)));
            case SETATTR -> setattr(h, node, (Setattr) body);
            case READLINK -> FuseReplies.string(out, unique, k.export().readlink(node));
            case MKNOD -> {
                Mknod r = (Mknod) body;
                yield entry(unique, node, k.export().mknod(caller(h), node, r.name(), r.mode(),
                        DevNumbers.fromKernel(r.rdev()), r.umask()));
            }
            case MKDIR -> {
                Mkdir r = (Mkdir) body;
                yield entry(unique, node, k.export().mkdir(caller(h), node, r.name(), r.mode(), r.umask()));
            }
            case SYMLINK -> {
                Symlink r = (Symlink) body;
                yield entry(unique, node, k.export().symlink(caller(h), node, r.name(), r.target()));
            }
            case LINK -> {
                Link r = (Link) body;
                yield entry(unique, node, k.export().link(caller(h), new NodeId(r.oldnodeid()), node, r.newname()));
            }
            case UNLINK -> {
                k.export().unlink(caller(h), node, ((Unlink) body).name());
                yield FuseReplies.empty(out, unique);
            }
            case RMDIR -> {
                k.export().rmdir(caller(h), node, ((Rmdir) body).name());
                yield FuseReplies.empty(out, unique);
            }
            case RENAME -> {
                Rename r = (Rename) body;
                yield rename(h, node, r.oldname(), new NodeId(r.newdir()), r.newname(), 0);
            }
            case RENAME2 -> {
                Rename2 r = (Rename2) body;
                yield rename(h, node, r.oldname(), new NodeId(r.newdir()), r.newname(), r.flags());
            }
            case OPEN -> {
                int flags = ((Open) body).flags();
                k.export().openGate().beforeOpen(node, flags);
                Opened o = k.files().open(caller(h), node, k.modes().lowerFlags(flags), k.modes().widenOpen(flags));
                yield FuseReplies.reply(out, unique, openOut(o.fh(), flags, o.stat()));
            }
            case CREATE -> {
                Create r = (Create) body;
                yield created(unique, namesCacheable(node), k.files().create(caller(h), node, r.name(),
                        k.modes().lowerFlags(r.flags()), r.mode(), r.umask(), k.modes().widenCreate(r.flags())), r.flags());
            }
            case TMPFILE -> {
                Tmpfile r = (Tmpfile) body;
                yield created(unique, false, k.files().tmpfile(caller(h), node, r.flags(), r.mode(), r.umask()), r.flags());
            }
            case FLUSH -> {
                Flush r = (Flush) body;
                k.locks().flush(r.fh(), r.lockOwner());
                k.files().flush(r.fh());
                yield FuseReplies.empty(out, unique);
            }
            case RELEASE -> {
                long fh = ((Release) body).fh();
                k.backing().release(deviceFd, fh);
                k.locks().release(fh);
                k.files().release(fh);
                yield FuseReplies.empty(out, unique);
            }
            case FSYNC -> {
                Fsync r = (Fsync) body;
                k.files().fsync(r.fh(), (r.fsyncFlags() & Fsync.FUSE_FSYNC_FDATASYNC) != 0);
                yield FuseReplies.empty(out, unique);
            }
            case STATFS -> FuseReplies.reply(out, unique, statfsOut(k.export().statfs(node)));
            case SETXATTR -> {
                Setxattr r = (Setxattr) body;
                k.export().setxattr(caller(h), node, r.name(), r.value(), r.flags());
                yield FuseReplies.empty(out, unique);
            }
            case GETXATTR -> {
                Getxattr r = (Getxattr) body;
                yield r.size() == 0
                        ? FuseReplies.reply(out, unique, new GetxattrOut(k.export().getxattr(caller(h), node, r.name(), EMPTY)))
                        : FuseReplies.finish(out, unique, k.export().getxattr(caller(h), node, r.name(), body(r.size())));
            }
            case LISTXATTR -> {
                int size = ((Listxattr) body).size();
                yield size == 0
                        ? FuseReplies.reply(out, unique, new GetxattrOut(k.export().listxattr(caller(h), node, EMPTY)))
                        : FuseReplies.finish(out, unique, k.export().listxattr(caller(h), node, body(size)));
            }
            case REMOVEXATTR -> {
                k.export().removexattr(caller(h), node, ((Removexattr) body).name());
                yield FuseReplies.empty(out, unique);
            }
            case OPENDIR -> FuseReplies.reply(out, unique, new OpenOut(k.dirs().opendir(caller(h), node), 0, 0));
            case READDIR -> readdir(unique, (Read) body, null, false);
            case READDIRPLUS -> readdir(unique, (Read) body, caller(h), namesCacheable(node));
            case RELEASEDIR -> {
                k.dirs().releasedir(((Release) body).fh());
                yield FuseReplies.empty(out, unique);
            }
            case FSYNCDIR -> {
                Fsync r = (Fsync) body;
                k.dirs().fsyncdir(r.fh(), (r.fsyncFlags() & Fsync.FUSE_FSYNC_FDATASYNC) != 0);
                yield FuseReplies.empty(out, unique);
            }
            case GETLK -> getlk(unique, (Lk) body);
            case SETLK -> setlk(unique, (Lk) body, false);
            case SETLKW -> setlk(unique, (Lk) body, true);
            case ACCESS -> {
                k.export().access(caller(h), node, ((Access) body).mask());
                yield FuseReplies.empty(out, unique);
            }
            case FALLOCATE -> {
                Fallocate r = (Fallocate) body;
                k.files().fallocate(r.fh(), r.mode(), r.offset(), r.length());
                yield FuseReplies.empty(out, unique);
            }
            case LSEEK -> {
                Lseek r = (Lseek) body;
                yield FuseReplies.reply(out, unique, new LseekOut(k.files().lseek(r.fh(), r.offset(), r.whence())));
            }
            case COPY_FILE_RANGE, COPY_FILE_RANGE_64 -> {
                CopyFileRange r = (CopyFileRange) body;
                long copied = k.files().copyFileRange(r.fhIn(), r.offIn(), r.fhOut(), r.offOut(), r.len(), (int) r.flags());
                yield op == FuseOpcode.COPY_FILE_RANGE ? FuseReplies.reply(out, unique, new WriteOut((int) copied))
                        : FuseReplies.reply(out, unique, new CopyFileRangeOut(copied));
            }
            case INTERRUPT -> k.lockWaiter().interrupt(((Interrupt) body).unique())
                    ? 0 : FuseReplies.error(out, unique, Errno.EAGAIN.code());
            case DESTROY -> FuseReplies.empty(out, unique);
            default -> FuseReplies.error(out, unique, Errno.ENOSYS.code());
        };
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);

    /** The reply body area, for data read straight into the reply. */
    private ByteBuffer body(int size) {
        int room = outBody.capacity();
        if (Integer.toUnsignedLong(size) > room) {
            size = room;
        }
        out.clear();
        return outBody.clear().limit(size);
    }

    private Credentials caller(FuseInHeader h) {
        return Credentials.ofCaller(h.uid(), h.gid(), h.pid());
    }

    // ---- entries and attributes ------------------------------------------------------------

    /** An entry found or made in directory parent. */
    private int entry(long unique, NodeId parent, Entry e) {
        entriesInReply.add(e.node().id());
        return FuseReplies.reply(out, unique, entryOut(e, namesCacheable(parent)));
    }

    /** cacheName: the kernel may keep the name for the entry timeout, else it asks again at each use. */
    private EntryOut entryOut(Entry e, boolean cacheName) {
        return new EntryOut(e.node().id().value(), e.node().generation().value(), cacheName ? entryValid : 0,
                attrValid, cacheName ? entryValidNsec : 0, attrValidNsec, attr(e.stat()));
    }

    /**
     * Whether the kernel may resolve names in this directory from its cache, for any caller and
     * without asking: when it checks permissions itself (default_permissions), or when anyone may
     * search the directory. Otherwise each use of a name comes here as a LOOKUP, made under the
     * caller's credentials, so that a name cached for one user never lets another through a
     * directory it may not search.
     */
    private boolean namesCacheable(NodeId dir) {
        if (k.options().kernelChecks()) {
            return true;
        }
        try {
            return k.export().everyoneMaySearch(dir);
        } catch (ErrnoException gone) {
            return false;
        }
    }

    /**
     * A name the kernel cached in a directory anyone may search keeps its timeout when it moves
     * into one that not everyone may: such a move makes every cached name stale before it is
     * answered (RENAME_EXCHANGE moves a name each way).
     */
    private int rename(FuseInHeader h, NodeId dir, String name, NodeId newDir, String newName, int flags) {
        k.export().rename(caller(h), dir, name, newDir, newName, flags);
        boolean from = namesCacheable(dir);
        boolean to = namesCacheable(newDir);
        if (from != to && (!to || (flags & Linux.RENAME_EXCHANGE) != 0)) {
            k.export().changes().searchNarrowed(to ? dir : newDir);
        }
        return FuseReplies.empty(out, h.unique());
    }

    private AttrOut attrOut(Stat s) {
        return new AttrOut(attrValid, attrValidNsec, attr(s));
    }

    static Attr attr(Stat s) {
        return new Attr(s.ino(), s.size(), s.blocks(), s.atimeSec(), s.mtimeSec(), s.ctimeSec(),
                s.atimeNsec(), s.mtimeNsec(), s.ctimeNsec(), s.mode(), s.nlink(), s.uid(), s.gid(),
                DevNumbers.toKernel(s.rdev()), s.blksize(), 0);
    }

    private static StatfsOut statfsOut(StatFs s) {
        return new StatfsOut(s.blocks(), s.bfree(), s.bavail(), s.files(), s.ffree(), (int) s.bsize(),
                (int) s.namelen(), (int) s.frsize());
    }

    private static SetAttributes changes(Setattr r) {
        long atimeNsec = !r.has(Setattr.FATTR_ATIME) ? Linux.UTIME_OMIT
                : r.has(Setattr.FATTR_ATIME_NOW) ? Linux.UTIME_NOW : Integer.toUnsignedLong(r.atimensec());
        long mtimeNsec = !r.has(Setattr.FATTR_MTIME) ? Linux.UTIME_OMIT
                : r.has(Setattr.FATTR_MTIME_NOW) ? Linux.UTIME_NOW : Integer.toUnsignedLong(r.mtimensec());
        return new SetAttributes(
                r.has(Setattr.FATTR_MODE) ? r.mode() : -1,
                r.has(Setattr.FATTR_UID) ? r.uid() : -1,
                r.has(Setattr.FATTR_GID) ? r.gid() : -1,
                r.has(Setattr.FATTR_SIZE) ? r.size() : -1,
                r.atime(), atimeNsec, r.mtime(), mtimeNsec);
    }

    private int openFd(Setattr r) {
        return r.has(Setattr.FATTR_FH) && r.has(Setattr.FATTR_SIZE) ? k.files().fd(r.fh()) : -1;
    }

    private int setattr(FuseInHeader h, NodeId node, Setattr r) {
        if (r.has(Setattr.FATTR_SIZE)) {
            // A size change is a write: SMB clients caching the file give it up first.
            k.export().openGate().beforeOpen(node, Linux.O_WRONLY | Linux.O_TRUNC);
        }
        Stat changed = k.export().setattr(caller(h), node, changes(r), openFd(r));
        return FuseReplies.reply(out, h.unique(), attrOut(changed));
    }

    private int created(long unique, boolean cacheName, Created c, int flags) {
        OpenOut open = openOut(c.fh(), flags, c.entry().stat());
        entriesInReply.add(c.entry().node().id());
        return FuseReplies.reply(out, unique, new CreateOut(entryOut(c.entry(), cacheName), open));
    }

    /**
     * An open file's reply: through a backing file where the kernel allows passthrough, else
     * served here with the page cache kept across opens (AUTO_INVAL_DATA drops it when the
     * file's size or mtime changes). An open the passthrough rules refuse is closed again.
     * st: the open file's attributes.
     */
    private OpenOut openOut(long fh, int flags, Stat st) {
        int backingId;
        try {
            backingId = k.backing().register(deviceFd, k.files(), fh, flags, st);
        } catch (RuntimeException e) {
            k.files().release(fh);
            throw e;
        }
        int always = k.modes().openFlags();
        return backingId > 0 ? new OpenOut(fh, OpenOut.FOPEN_PASSTHROUGH | always, backingId)
                : new OpenOut(fh, OpenOut.FOPEN_KEEP_CACHE | always, 0);
    }

    // ---- data ------------------------------------------------------------------------------

    /** READ without passthrough: pread straight into the reply buffer. */
    private int read(FuseInHeader h, Read r) {
        return FuseReplies.finish(out, h.unique(), k.files().read(r.fh(), body(r.size()), r.offset()));
    }

    /** WRITE without passthrough: pwrite straight from the request buffer. */
    private int write(FuseInHeader h, Write r) {
        boolean kill = (r.writeFlags() & Write.FUSE_WRITE_KILL_SUIDGID) != 0;
        Credentials writer = kill ? caller(h) : Credentials.DAEMON;
        return FuseReplies.reply(out, h.unique(), new WriteOut(k.files().write(writer, r.fh(), r.data(), r.offset())));
    }

    // ---- directories -----------------------------------------------------------------------

    /**
     * READDIR, or READDIRPLUS when a caller is given (entries are looked up as that caller).
     * cacheNames: whether the kernel may keep the READDIRPLUS names (see {@link #namesCacheable}).
     */
    private int readdir(long unique, Read r, Credentials plusCaller, boolean cacheNames) {
        FuseReplies.begin(out);
        dirents.reset(out, r.size());
        direntLimit = r.size();
        if (plusCaller != null) {
            k.dirs().readdir(r.fh(), r.offset(), d -> direntPlus(plusCaller, r.fh(), d, cacheNames));
        } else {
            k.dirs().readdir(r.fh(), r.offset(), d -> dirents.add(d.ino(), d.off(), d.type(), d.name()));
        }
        return FuseReplies.finish(out, unique);
    }

    /**
     * One READDIRPLUS entry. The room is checked before the lookup, because a looked-up entry
     * that does not fit would count a reference the kernel never takes. "." and ".." and entries
     * that vanished or cannot be looked up go without attributes (node 0), as libfuse does.
     */
    private boolean direntPlus(Credentials caller, long dh, Dirent d, boolean cacheName) {
        if (dirents.bytesWritten() + DirentWriter.direntPlusSize(d.name().length()) > direntLimit) {
            return false;
        }
        Entry e = null;
        if (!d.name().equals(".") && !d.name().equals("..")) {
            try {
                e = k.dirs().lookup(caller, dh, d.name());
            } catch (ErrnoException gone) {
                e = null;
            }
        }
        EntryOut entry = e != null ? entryOut(e, cacheName) : new EntryOut(0, 0, 0, 0, 0, 0, new Attr(d.ino(), 0, 0, 0, 0, 0,
                0, 0, 0, d.type() << 12, 0, 0, 0, 0, 0, 0));
        dirents.addPlus(entry, d.off(), d.type(), d.name());
        if (e != null) {
            entriesInReply.add(e.node().id());
        }
        return true;
    }


    // ---- locks -----------------------------------------------------------------------------

    private int getlk(long unique, Lk r) {
        if ((r.lkFlags() & Lk.FUSE_LK_FLOCK) != 0) {
            return FuseReplies.error(out, unique, Errno.ENOSYS.code());
        }
        PosixLocks.Range c = k.locks().getlk(r.fh(), r.owner(), range(r));
        return FuseReplies.reply(out, unique, new LkOut(c.start(), c.end(), c.type(), c.pid()));
    }

    /** SETLK, or SETLKW: a lock that must wait is handed to the waiter, which replies later. */
    private int setlk(long unique, Lk r, boolean wait) {
        if ((r.lkFlags() & Lk.FUSE_LK_FLOCK) != 0) {
            return FuseReplies.error(out, unique, Errno.ENOSYS.code());
        }
        try {
            k.locks().setlk(r.fh(), r.owner(), range(r));
        } catch (ErrnoException e) {
            if (wait && e.errno() == Errno.EAGAIN) {
                k.lockWaiter().await(unique, lateReply, r.fh(), r.owner(), range(r));
                return 0;
            }
            throw e;
        }
        return FuseReplies.empty(out, unique);
    }

    private static PosixLocks.Range range(Lk r) {
        return new PosixLocks.Range(r.type(), r.start(), r.end(), r.pid());
    }
}
