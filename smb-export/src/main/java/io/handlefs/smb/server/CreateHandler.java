package io.handlefs.smb.server;

import io.handlefs.codec.NodeId;
import io.handlefs.lookup.Created;
import io.handlefs.lookup.Credentials;
import io.handlefs.lookup.Entry;
import io.handlefs.smb.msfscc.DosInfo;
import io.handlefs.smb.msfscc.FileAttributes;
import io.handlefs.smb.msfscc.FileView;
import io.handlefs.smb.mssmb2.CreateContext;
import io.handlefs.smb.mssmb2.CreateRequest;
import io.handlefs.smb.mssmb2.CreateResponse;
import io.handlefs.smb.mssmb2.FileId;
import io.handlefs.smb.mssmb2.FileStat;
import io.handlefs.smb.mssmb2.Guid;
import io.handlefs.smb.mssmb2.LeaseContext;
import io.handlefs.smb.mssmb2.NegotiateRequest;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.smb.rpc.NamedPipe;
import io.handlefs.smb.server.lease.FileCaching;
import io.handlefs.smb.server.lease.Holder;
import io.handlefs.smb.server.lease.LeaseKey;
import io.handlefs.smb.server.lease.LeaseRequest;
import io.handlefs.smb.server.lease.OplockLevel;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Stat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * CREATE, [MS-SMB2] 3.3.5.9 with [MS-FSA] 2.1.5.1: every disposition, directories, delete on
 * close, share-mode conflicts, and the MxAc and QFid contexts. New files and directories are
 * made by the session's user, so they belong to its uid and gid.
 */
final class CreateHandler {
    private static final Logger log = LoggerFactory.getLogger(CreateHandler.class);
    private static final int FILE_MODE = 0644;
    private static final int DIR_MODE = 0755;
    private static final int MAX_IMPERSONATION = 3;
    /** Rights the server grants itself, not the lower open: they are checked against the maximal access. */
    private static final int CHECKED_HERE = Access.FILE_WRITE_ATTRIBUTES | Access.FILE_WRITE_EA | Access.DELETE;

    private final ServerState server;
    private final DurableCreate durable;

    CreateHandler(ServerState server, DurableCreate durable) {
        this.server = server;
        this.durable = durable;
    }

    /** Rights that touch no data: an open with no others ("stat open") neither breaks nor gets an oplock. */
    private static final int STAT_ACCESS = Access.SYNCHRONIZE | Access.FILE_READ_ATTRIBUTES
            | Access.FILE_WRITE_ATTRIBUTES;
    /** What a "stat open" may have for leases: reading the security descriptor breaks no lease either. */
    private static final int LEASE_STAT_ACCESS = STAT_ACCESS | Access.READ_CONTROL;

    Reply handle(Request req) {
        CreateRequest c = CreateRequest.decode(req.message);
        DurableCreate.Asked asked = req.tree.isPipe() ? DurableCreate.Asked.NONE
                : DurableCreate.Asked.of(c, req.conn.is3x());
        Reply reclaimed = asked == DurableCreate.Asked.NONE ? null : durable.reclaim(req, c, asked);
        if (reclaimed != null) {
            return reclaimed;
        }
        ReplayCache.Key key = asked.v2() == null ? null
                : new ReplayCache.Key(new Guid(req.conn.clientGuid), asked.v2().createGuid());
        server.replays.begin(key);
        return attempt(req, c, asked, key, null);
    }

    /**
     * One try at a new open; {@code deferred} is set when an earlier try waited for breaks (see
     * {@link DeferredCreate}). Retries reuse the decoded CREATE: a reconnect or replay never waits.
     * The replay cache learns how the create {@code key} ended.
     */
    private Reply attempt(Request req, CreateRequest c, DurableCreate.Asked asked, ReplayCache.Key key,
                          DeferredCreate deferred) {
        server.reserveOpen();
        try {
            Reply reply = create(req, c, asked, key, deferred);
            if (reply.isPending() || reply == Reply.NONE) {
                server.releaseOpen();
                return reply;
            }
            return withDurability(req, asked, key, reply);
        } catch (RuntimeException e) {
            server.releaseOpen();
            server.replays.ended(key, null);
            throw e;
        }
    }

    /**
     * Adds the durability granted to the open just made (committed first when persistent) to its
     * response; a failed create or one without a CreateGuid is left as it is.
     */
    private Reply withDurability(Request req, DurableCreate.Asked asked, ReplayCache.Key key, Reply reply) {
        if (asked == DurableCreate.Asked.NONE || !(reply.body() instanceof CreateResponse r)) {
            server.replays.ended(key, null);
            return reply;
        }
        Open made = req.session.opens.get(r.fileId().volatileId());
        List<CreateContext> granted = durable.grant(req, asked, made);
        server.replays.ended(key, made);
        if (granted.isEmpty()) {
            return reply;
        }
        List<CreateContext> contexts = new ArrayList<>(r.contexts());
        contexts.addAll(granted);
        return Reply.ok(new CreateResponse(r.oplockLevel(), r.createAction(), r.stat(), r.fileId(), contexts));
    }

    private Reply create(Request req, CreateRequest c, DurableCreate.Asked asked, ReplayCache.Key key,
                         DeferredCreate deferred) {
        if (log.isTraceEnabled()) { // the arguments (hex strings, a list of names) cost even when not logged
            log.trace("CREATE '{}' disposition {} options {} access {} contexts {}", c.name(), c.disposition(),
                    Integer.toHexString(c.options()), Integer.toHexString(c.desiredAccess()),
                    c.contexts().stream().map(CreateContext::name).toList());
        }
        validate(c);
        if (req.tree.isPipe()) {
            return openPipe(req, c);
        }
        Share share = req.tree.share();
        Credentials caller = req.session.credentials;
        int access = Access.mapGeneric(c.desiredAccess());
        if (share.config().readOnly() && (access & Access.MODIFY_BITS) != 0 && (access & Access.MAXIMUM_ALLOWED) == 0) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "read-only share");
        }
        SmbPath path = SmbPath.parse(c.name());
        LeaseRequest lease = leaseRequest(req, c);
        Resolver.Resolved r = Resolver.resolve(share, caller, path);
        DeferredCreate waiter = deferred != null ? deferred
                : req.lastInCompound ? new DeferredCreate(req, d -> attempt(d.request(), c, asked, key, d),
                        () -> server.replays.ended(key, null)) : null;
        try {
            Integer maximal = maximalAccess(share, caller, r);
            if (mustWait(c, r, maximal, access, lease, waiter)) {
                r.release();
                return waiter.waiting(server.breaks);
            }
            return open(req, c, share, caller, r, maximal, access, lease);
        } catch (ErrnoException e) {
            r.release();
            if (e.errno() != Errno.EEXIST || r.exists() || c.disposition() == CreateRequest.CREATE) {
                throw e;
            }
            // Another open created the name between our lookup and our create: open what it made.
            Resolver.Resolved again = Resolver.resolve(share, caller, path);
            try {
                return open(req, c, share, caller, again, maximalAccess(share, caller, again), access, lease);
            } catch (RuntimeException e2) {
                again.release();
                throw e2;
            }
        } catch (RuntimeException e) {
            r.release();
            throw e;
        }
    }

    /**
     * The lease context of a CREATE that asks for a lease (RequestedOplockLevel LEASE, dialect 2.1
     * or later), as version 1 on 2.1; else null. [MS-SMB2] 3.3.5.9.8 and 3.3.5.9.11.
     */
    private static LeaseRequest leaseRequest(Request req, CreateRequest c) {
        CreateContext ctx = CreateContext.find(c.contexts(), LeaseContext.NAME);
        if (c.oplockLevel() != OplockLevel.LEASE || ctx == null || req.conn.dialect < NegotiateRequest.DIALECT_210) {
            return null;
        }
        LeaseContext l = LeaseContext.decode(ctx.data());
        int version = req.conn.is3x() ? l.version() : 1;
        LeaseKey parent = version == 2 && (l.flags() & LeaseContext.FLAG_PARENT_LEASE_KEY_SET) != 0
                ? LeaseKey.of(req.conn.clientGuid, l.parentLeaseKey()) : null;
        return new LeaseRequest(LeaseKey.of(req.conn.clientGuid, l.leaseKey()), l.leaseState(), version, parent,
                l.epoch());
    }

    /**
     * Whether the CREATE of an existing file must first wait for breaks of other holders' caching
     * (which this sends). A lease key already bound to another file is refused. Only the last
     * request of a compound waits: the ones before it go on once the breaks are sent.
     */
    private boolean mustWait(CreateRequest c, Resolver.Resolved r, Integer maximal, int access, LeaseRequest lease,
                             DeferredCreate waiter) {
        if (lease != null) {
            NodeId bound = server.breaks.leases().fileOf(lease.key());
            if (bound != null && (!r.exists() || !bound.equals(r.node()))) {
                throw new SmbException(NtStatus.INVALID_PARAMETER, "lease key in use on another file");
            }
        }
        if (!r.exists() || r.isDirectory()) {
            return false;
        }
        boolean overwrite = overwrites(c.disposition());
        int wanted = (access & Access.MAXIMUM_ALLOWED) != 0 ? (access & ~Access.MAXIMUM_ALLOWED) | maximal : access;
        if (overwrite) {
            wanted |= Access.FILE_WRITE_DATA;
        }
        FileCaching.Stat stat = (wanted & ~STAT_ACCESS) == 0 ? FileCaching.Stat.ATTRIBUTES
                : (wanted & ~LEASE_STAT_ACCESS) == 0 ? FileCaching.Stat.METADATA : FileCaching.Stat.DATA;
        return server.breaks.beforeCreate(r.node(), lease == null ? null : lease.key(), stat, wanted,
                c.shareAccess(), overwrite, waiter == null || waiter.firstTry(), waiter == null ? null : waiter::wake);
    }

    /**
     * The maximal access of an existing file (four access(2) calls, made once: the wait for breaks,
     * MAXIMUM_ALLOWED, the rights checked here and the MxAc context all use it); null for a new one.
     */
    private static Integer maximalAccess(Share share, Credentials caller, Resolver.Resolved r) {
        return r.exists() ? MaximalAccess.of(share, caller, r) : null;
    }

    private static boolean overwrites(int disposition) {
        return disposition == CreateRequest.OVERWRITE || disposition == CreateRequest.OVERWRITE_IF
                || disposition == CreateRequest.SUPERSEDE;
    }

    private static void validate(CreateRequest c) {
        if (c.disposition() < CreateRequest.SUPERSEDE || c.disposition() > CreateRequest.OVERWRITE_IF) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "CreateDisposition " + c.disposition());
        }
        if (c.impersonationLevel() < 0 || c.impersonationLevel() > MAX_IMPERSONATION) {
            throw new SmbException(NtStatus.BAD_IMPERSONATION_LEVEL, "ImpersonationLevel " + c.impersonationLevel());
        }
        int o = c.options();
        if ((o & CreateRequest.OPT_DIRECTORY_FILE) != 0 && (o & CreateRequest.OPT_NON_DIRECTORY_FILE) != 0) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "both DIRECTORY_FILE and NON_DIRECTORY_FILE");
        }
        if ((o & CreateRequest.OPT_DELETE_ON_CLOSE) != 0 && (Access.mapGeneric(c.desiredAccess())
                & (Access.DELETE | Access.MAXIMUM_ALLOWED)) == 0) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "DELETE_ON_CLOSE without DELETE access");
        }
        if ((c.desiredAccess() & ~(Access.GENERIC_READ | Access.GENERIC_WRITE | Access.GENERIC_EXECUTE
                | Access.GENERIC_ALL | Access.MAXIMUM_ALLOWED | Access.ACCESS_SYSTEM_SECURITY | 0x1F01FF)) != 0) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "DesiredAccess " + Integer.toHexString(c.desiredAccess()));
        }
        if ((c.desiredAccess() & Access.ACCESS_SYSTEM_SECURITY) != 0) {
            throw new SmbException(NtStatus.PRIVILEGE_NOT_HELD, "ACCESS_SYSTEM_SECURITY");
        }
        if (c.desiredAccess() == 0) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "no access asked for");
        }
        if (CreateContext.find(c.contexts(), CreateContext.EXTENDED_ATTRIBUTES) != null) {
            throw new SmbException(NtStatus.EAS_NOT_SUPPORTED, "extended attributes are not stored");
        }
        if (CreateContext.find(c.contexts(), CreateContext.TIMEWARP_TOKEN) != null) {
            // No snapshots are kept (FSCTL_SRV_ENUMERATE_SNAPSHOTS lists none): no file was there then.
            throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "no snapshot of " + c.name());
        }
    }

    /** maximal: that of r's file when it exists ({@link #maximalAccess}), else null. */
    private Reply open(Request req, CreateRequest c, Share share, Credentials caller, Resolver.Resolved r,
                       Integer maximal, int access, LeaseRequest lease) {
        int o = c.options();
        int disposition = c.disposition();
        boolean wantDir = (o & CreateRequest.OPT_DIRECTORY_FILE) != 0;
        Entry entry = r.entry();
        int action;
        long fh = -1;
        boolean directory;
        if (r.exists()) {
            directory = r.isDirectory();
            if (disposition == CreateRequest.CREATE) {
                throw new SmbException(NtStatus.OBJECT_NAME_COLLISION, c.name());
            }
            if (directory && (o & CreateRequest.OPT_NON_DIRECTORY_FILE) != 0) {
                throw new SmbException(NtStatus.FILE_IS_A_DIRECTORY, c.name());
            }
            if (!directory && wantDir) {
                throw new SmbException(NtStatus.NOT_A_DIRECTORY, c.name());
            }
            boolean overwrite = overwrites(disposition);
            if (directory && overwrite) {
                throw new SmbException(NtStatus.INVALID_PARAMETER, "overwrite of a directory");
            }
            if ((entry.stat().mode() & Linux.S_IFMT) == Linux.S_IFLNK) {
                throw new SmbException(NtStatus.ACCESS_DENIED, "symbolic links are not followed");
            }
            if ((access & Access.MAXIMUM_ALLOWED) != 0) {
                access = (access & ~Access.MAXIMUM_ALLOWED) | maximal;
            }
            if ((access & ~maximal & CHECKED_HERE) != 0) {
                throw new SmbException(NtStatus.ACCESS_DENIED, "access " + Integer.toHexString(access & ~maximal));
            }
            if (overwrite) {
                access |= Access.FILE_WRITE_DATA;
                if (share.config().readOnly()) {
                    throw new SmbException(NtStatus.ACCESS_DENIED, "read-only share");
                }
            }
            if (!directory) {
                fh = openData(share, caller, r.node(), access, overwrite ? Linux.O_TRUNC : 0);
            }
            if (overwrite) {
                allocate(share, fh, c);
                share.export().changes().dataChanged(r.node());
            }
            action = !overwrite ? CreateResponse.OPENED
                    : disposition == CreateRequest.SUPERSEDE ? CreateResponse.SUPERSEDED : CreateResponse.OVERWRITTEN;
        } else {
            if (r.parent() == null || disposition == CreateRequest.OPEN || disposition == CreateRequest.OVERWRITE) {
                throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, c.name());
            }
            if (share.config().readOnly()) {
                throw new SmbException(NtStatus.ACCESS_DENIED, "read-only share");
            }
            if ((access & Access.MAXIMUM_ALLOWED) != 0) {
                access = (access & ~Access.MAXIMUM_ALLOWED) | Access.FILE_ALL_ACCESS;
            }
            directory = wantDir;
            if (directory) {
                entry = share.export().mkdir(caller, r.parent(), r.rawName(), DIR_MODE, 0);
            } else {
                Created created = createFile(share, caller, r, access);
                entry = created.entry();
                fh = created.fh();
            }
            allocate(share, fh, c);
            share.export().changes().nameChanged(r.parent(), r.rawName());
            server.notify.nameChanged(r.parent());
            share.export().retain(entry.node().id());
            r = new Resolver.Resolved(r.export(), r.parent(), r.rawName(), entry, r.path());
            action = CreateResponse.CREATED;
        }
        return register(req, c, share, r, entry, directory, access, maximal, fh, action, caller, lease);
    }

    private Reply register(Request req, CreateRequest c, Share share, Resolver.Resolved r, Entry entry,
                           boolean directory, int access, Integer maximal, long fh, int action, Credentials caller,
                           LeaseRequest lease) {
        NodeId node = entry.node().id();
        long id = server.newFileId();
        Open open = new Open(new FileId(id, id), req.session, req.tree, node, r.parent(), r.rawName(),
                r.path().display(), directory, access, c.shareAccess(), fh, null);
        open.deleteOnClose = (c.options() & CreateRequest.OPT_DELETE_ON_CLOSE) != 0;
        open.createAction = action;
        open.channelSequence.start(req.channelSequence());
        open.connection = req.conn;
        NodeStates.State st = server.nodes.acquire(node);
        Holder<Open> caching = null;
        synchronized (st) {
            if (st.deletePending) {
                closeData(share, fh);
                server.nodes.unpin(node, st);
                throw new SmbException(NtStatus.DELETE_PENDING, c.name());
            }
            for (Open other : st.opens) {
                if (ShareModes.conflict(other, access, c.shareAccess())) {
                    closeData(share, fh);
                    server.nodes.unpin(node, st);
                    throw new SmbException(NtStatus.SHARING_VIOLATION, c.name());
                }
            }
            if (open.deleteOnClose && directory && !isEmptyDirectory(share, caller, node)) {
                closeData(share, fh);
                server.nodes.unpin(node, st);
                throw new SmbException(NtStatus.DIRECTORY_NOT_EMPTY, c.name());
            }
            if (!directory) {
                // An attributes-only open of an existing file gets no oplock (one that creates it does).
                boolean statOpen = action != CreateResponse.CREATED && (access & ~STAT_ACCESS) == 0;
                // Stat opens keep others from caching writes only when they cache themselves.
                List<Open> others = st.opens.stream()
                        .filter(o -> (o.access & ~LEASE_STAT_ACCESS) != 0 || o.caching != null).toList();
                caching = st.caching.grant(open, others, c.oplockLevel(), lease, statOpen, !st.locks.all().isEmpty());
                open.caching = caching;
            }
            st.opens.add(open);
        }
        server.nodes.unpin(node, st);
        if (caching != null) {
            server.breaks.leases().granted(caching, node, req.conn);
        }
        req.session.opens.put(id, open);
        req.fileIdForChain = open.fileId;
        if (action == CreateResponse.CREATED && (c.fileAttributes() & DosInfo.KEPT) != 0) {
            DosStore.store(share.export(), node, new DosInfo(true, c.fileAttributes() & DosInfo.KEPT, 0, 0, 0));
        }
        FileView view = DosStore.view(share.export(), node);
        List<CreateContext> contexts = contexts(c, share, caller, r, view.stat(), access, maximal);
        int oplock = caching == null ? OplockLevel.NONE : OplockLevel.of(caching.state());
        if (lease != null && !directory) {
            oplock = OplockLevel.LEASE;
            contexts.add(leaseResponse(caching).context());
        }
        return Reply.ok(new CreateResponse(oplock, action, view.fileStat(), open.fileId, contexts));
    }

    /**
     * The lease response context, [MS-SMB2] 2.2.14.2.10 / 2.2.14.2.11: the lease as it now is, in
     * the version it was granted in (a later request of the other version gets the same answer).
     */
    static LeaseContext leaseResponse(Holder<Open> h) {
        LeaseKey parent = h.parentKey();
        int flags = (h.breaking() ? LeaseContext.FLAG_BREAK_IN_PROGRESS : 0)
                | (parent != null ? LeaseContext.FLAG_PARENT_LEASE_KEY_SET : 0);
        return new LeaseContext(h.version(), h.key().keyBytes(), h.state(), flags,
                parent != null ? parent.keyBytes() : new byte[16], h.version() == 2 ? h.epoch() : 0);
    }

    static boolean isEmptyDirectory(Share share, Credentials caller, NodeId node) {
        long dh = share.dirs().opendir(caller, node);
        try {
            boolean[] empty = {true};
            share.dirs().readdir(dh, 0, d -> {
                if (!d.name().equals(".") && !d.name().equals("..")) {
                    empty[0] = false;
                    return false;
                }
                return true;
            });
            return empty[0];
        } finally {
            share.dirs().releasedir(dh);
        }
    }

    /**
     * SMB2_CREATE_ALLOCATION_SIZE ("AlSi"): reserve the space without changing the file's size, for a
     * file the CREATE makes, overwrites or supersedes ([MS-SMB2] 2.2.13.2.6).
     */
    private static void allocate(Share share, long fh, CreateRequest c) {
        CreateContext alloc = CreateContext.find(c.contexts(), CreateContext.ALLOCATION_SIZE);
        if (alloc == null || fh < 0 || alloc.data().length < 8) {
            return;
        }
        long size = ByteBuffer.wrap(alloc.data()).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (size > 0) {
            share.files().fallocate(fh, Linux.FALLOC_FL_KEEP_SIZE, 0, size);
        }
    }

    private static void closeData(Share share, long fh) {
        if (fh >= 0) {
            share.files().release(fh);
        }
    }

    /** Opens the data of a file with the access mode the SMB access asks for; -1 when it asks for no data. */
    static long openData(Share share, Credentials caller, NodeId node, int access, int extraFlags) {
        boolean read = (access & (Access.FILE_READ_DATA | Access.FILE_EXECUTE)) != 0;
        boolean write = (access & Access.WRITE_BITS) != 0;
        if (!read && !write) {
            return -1;
        }
        int mode = read && write ? Linux.O_RDWR : write ? Linux.O_WRONLY : Linux.O_RDONLY;
        extraFlags |= writeThrough(share);
        try {
            return share.files().open(caller, node, mode | extraFlags);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EACCES && read && write && (access & Access.FILE_EXECUTE) != 0
                    && (access & Access.FILE_READ_DATA) == 0) {
                return share.files().open(caller, node, Linux.O_WRONLY | extraFlags);
            }
            throw e;
        }
    }

    /**
     * On a continuously available share an acknowledged write must survive the server's crash:
     * O_DSYNC makes each WRITE's own pwritev durable, with no fdatasync after it.
     */
    private static int writeThrough(Share share) {
        return share.config().continuousAvailability() ? Linux.O_DSYNC : 0;
    }

    private static Created createFile(Share share, Credentials caller, Resolver.Resolved r, int access) {
        boolean write = (access & Access.WRITE_BITS) != 0;
        boolean read = (access & (Access.FILE_READ_DATA | Access.FILE_EXECUTE)) != 0;
        int mode = write ? (read ? Linux.O_RDWR : Linux.O_WRONLY) : Linux.O_RDONLY;
        Created created = share.files().create(caller, r.parent(), r.rawName(),
                mode | Linux.O_EXCL | writeThrough(share), FILE_MODE, 0);
        if (!read && !write) {
            share.files().release(created.fh());
            return new Created(created.entry(), -1);
        }
        return created;
    }

    private static List<CreateContext> contexts(CreateRequest c, Share share, Credentials caller, Resolver.Resolved r,
                                                Stat stat, int access, Integer maximal) {
        List<CreateContext> out = new ArrayList<>();
        if (CreateContext.find(c.contexts(), CreateContext.MAXIMAL_ACCESS) != null) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(NtStatus.SUCCESS.code())
                    .putInt((maximal != null ? maximal : MaximalAccess.of(share, caller, r)) | access);
            out.add(new CreateContext(CreateContext.MAXIMAL_ACCESS, b.array()));
        }
        if (CreateContext.find(c.contexts(), CreateContext.QUERY_ON_DISK_ID) != null) {
            ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(stat.ino()).putLong(0).putLong(stat.dev()).putLong(0);
            out.add(new CreateContext(CreateContext.QUERY_ON_DISK_ID, b.array()));
        }
        return out;
    }

    private Reply openPipe(Request req, CreateRequest c) {
        NamedPipe pipe = NamedPipe.open(c.name(), server::shareList);
        if (pipe == null) {
            throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "pipe " + c.name());
        }
        long id = server.newFileId();
        Open open = new Open(new FileId(id, id), req.session, req.tree, null, null, null, c.name(), false,
                Access.mapGeneric(c.desiredAccess()), c.shareAccess(), -1, pipe);
        req.session.opens.put(id, open);
        req.fileIdForChain = open.fileId;
        return Reply.ok(new CreateResponse(0, CreateResponse.OPENED,
                new FileStat(0, 0, 0, 0, 4096, 0, FileAttributes.NORMAL), open.fileId, List.of()));
    }
}
