package io.handlefs.smb.server;

import io.handlefs.smb.msfscc.FileView;
import io.handlefs.smb.mssmb2.AppInstanceId;
import io.handlefs.smb.mssmb2.AppInstanceVersion;
import io.handlefs.smb.mssmb2.CreateContext;
import io.handlefs.smb.mssmb2.CreateRequest;
import io.handlefs.smb.mssmb2.CreateResponse;
import io.handlefs.smb.mssmb2.DurableHandleReconnect;
import io.handlefs.smb.mssmb2.DurableHandleReconnectV2;
import io.handlefs.smb.mssmb2.DurableHandleRequest;
import io.handlefs.smb.mssmb2.DurableHandleRequestV2;
import io.handlefs.smb.mssmb2.DurableHandleResponseV2;
import io.handlefs.smb.mssmb2.Guid;
import io.handlefs.smb.mssmb2.LeaseContext;
import io.handlefs.smb.mssmb2.NegotiateResponse;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.Smb2Header;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.smb.server.lease.Holder;
import io.handlefs.smb.server.lease.LeaseKey;
import io.handlefs.smb.server.lease.LeaseState;
import io.handlefs.smb.server.lease.OplockLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The durable side of CREATE, [MS-SMB2] 3.3.5.9.6 to 3.3.5.9.13: a reconnect (DHnC, DH2C) or a
 * replayed DH2Q create answered with an existing open, and the grant of durability (v1, v2,
 * persistent on continuously available shares) to an open just made.
 */
final class DurableCreate {
    private static final Logger log = LoggerFactory.getLogger(DurableCreate.class);

    private final ServerState server;
    private final Consumer<Open> close;

    /** close: releases an open taken out of its session. */
    DurableCreate(ServerState server, Consumer<Open> close) {
        this.server = server;
        this.close = close;
    }

    /** The durability contexts of one CREATE, decoded, in the combinations the spec allows. */
    record Asked(DurableHandleRequest v1, DurableHandleReconnect v1Reconnect, DurableHandleRequestV2 v2,
                 DurableHandleReconnectV2 v2Reconnect, AppInstanceId app, AppInstanceVersion appVersion) {
        static final Asked NONE = new Asked(null, null, null, null, null, null);

        static Asked of(CreateRequest c, boolean is3x) {
            List<CreateContext> all = c.contexts();
            CreateContext dhnq = CreateContext.find(all, DurableHandleRequest.NAME);
            CreateContext dhnc = CreateContext.find(all, DurableHandleReconnect.NAME);
            CreateContext dh2q = is3x ? CreateContext.find(all, DurableHandleRequestV2.NAME) : null;
            CreateContext dh2c = is3x ? CreateContext.find(all, DurableHandleReconnectV2.NAME) : null;
            CreateContext app = is3x ? CreateContext.find(all, AppInstanceId.NAME) : null;
            CreateContext version = is3x ? CreateContext.find(all, AppInstanceVersion.NAME) : null;
            if ((dhnq != null || dhnc != null) && (dh2q != null || dh2c != null) || dh2q != null && dh2c != null) {
                throw new SmbException(NtStatus.INVALID_PARAMETER, "durable v1 and v2 contexts together");
            }
            return new Asked(dhnq == null || dhnc != null ? null : DurableHandleRequest.decode(dhnq.data()),
                    dhnc == null ? null : DurableHandleReconnect.decode(dhnc.data()),
                    dh2q == null ? null : DurableHandleRequestV2.decode(dh2q.data()),
                    dh2c == null ? null : DurableHandleReconnectV2.decode(dh2c.data()),
                    app == null ? null : AppInstanceId.decode(app.data()),
                    version == null ? null : AppInstanceVersion.decode(version.data()));
        }
    }

    /** A reconnect or a replay answered from an existing open; null when the create opens anew. */
    Reply reclaim(Request req, CreateRequest c, Asked asked) {
        if (asked.v1Reconnect() != null) {
            Open o = server.durable.byPersistentId(asked.v1Reconnect().fileId().persistent());
            // A v2 open comes back through DHnC too (smbtorture durable-v2-open reopen2b), unless persistent.
            checkReconnect(req, c, o, o != null && !o.durable.persistent());
            return reconnected(req, o);
        }
        if (asked.v2Reconnect() != null) {
            DurableHandleReconnectV2 r = asked.v2Reconnect();
            Open o = server.durable.byPersistentId(r.fileId().persistent());
            boolean wantsPersistent = (r.flags() & DurableHandleRequestV2.FLAG_PERSISTENT) != 0;
            if (o == null && wantsPersistent && req.tree.share().config().continuousAvailability()) {
                o = server.durable.byCreateGuid(r.createGuid());
            }
            // A v1 durable open of a leased file also comes back through DH2C (it has no CreateGuid to compare).
            checkReconnect(req, c, o, o != null && o.durable.persistent() == wantsPersistent
                    && (o.durable.version() == 2 ? r.createGuid().equals(o.durable.createGuid()) : o.cachesHandle()
                    && o.caching.isLease()));
            return reconnected(req, o);
        }
        if (asked.app() != null) {
            closeOtherInstances(req, c, asked);
        }
        if (asked.v2() != null) {
            return replay(req, c, asked.v2());
        }
        return null;
    }

    private void checkReconnect(Request req, CreateRequest c, Open o, boolean matches) {
        if (!matches) {
            throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "no durable open to reconnect to");
        }
        checkLease(req, c, o);
        if (!o.durable.owner().equalsIgnoreCase(req.session.userName)) {
            log.info("{}: {} tried to reclaim {}'s open {}", req.conn.channel.remoteAddress(), req.session.userName,
                    o.durable.owner(), o.fileId);
            throw new SmbException(NtStatus.ACCESS_DENIED, "durable open of another user");
        }
        // The open belongs to the share it was made on: a reconnect through another share is refused.
        if (o.tree.share() != req.tree.share()) {
            throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "durable open of share " + o.tree.share().name());
        }
        if (!server.durable.reclaim(o) && !server.durable.takeOverFromDeadConnection(o)) {
            throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "durable open " + o.fileId + " is still connected");
        }
    }

    /**
     * [MS-SMB2] 3.3.5.9.7 and 3.3.5.9.12: a leased open comes back only with its lease (its key,
     * from its client: a lease is the ClientGuid's) and its own name, an open without a lease only
     * without a lease context.
     */
    private static void checkLease(Request req, CreateRequest c, Open o) {
        CreateContext asked = CreateContext.find(c.contexts(), LeaseContext.NAME);
        Holder<Open> h = o.caching;
        boolean leased = h != null && h.isLease();
        if (leased != (asked != null) || leased && !namesLease(req, asked, h)) {
            throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "the reconnect's lease is not the open's");
        }
        if (leased && !sameName(c.name(), o.path)) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "leased open " + o.path + " reconnected as " + c.name());
        }
    }

    /** Whether a lease context of this request's client names the lease {@code h}. */
    private static boolean namesLease(Request req, CreateContext lease, Holder<Open> h) {
        return h.key().equals(LeaseKey.of(req.conn.clientGuid, LeaseContext.decode(lease.data()).leaseKey()));
    }

    /** Whether a CREATE's name is the open's path (as SMB shows it); a malformed name is not. */
    private static boolean sameName(String name, String path) {
        try {
            return SmbPath.parse(name).display().equalsIgnoreCase(path);
        } catch (SmbException malformed) {
            return false;
        }
    }

    /** A reconnect's response carries no durable context (the client knows what it holds). */
    private Reply reconnected(Request req, Open o) {
        attach(req, o);
        log.debug("{}: durable open {} of {} reconnected", req.conn.channel.remoteAddress(), o.fileId, o.path);
        Holder<Open> h = o.caching;
        int oplock = h == null ? OplockLevel.NONE : h.isLease() ? OplockLevel.LEASE : OplockLevel.of(h.state());
        return answer(req, o, CreateResponse.OPENED, oplock, List.of());
    }

    private void attach(Request req, Open o) {
        o.session = req.session;
        o.tree = req.tree;
        req.session.opens.put(o.fileId.volatileId(), o);
        server.durable.heldThrough(o, req.conn);
        o.connection = req.conn;
        if (o.caching != null) {
            server.breaks.leases().granted(o.caching, o.node, req.conn);
        }
    }

    /**
     * 3.3.5.9.10: a create whose CreateGuid names a create of this client is a replay when the
     * client says so, else a duplicate. A replay of a create still in progress is refused; of one
     * that made an open the client has not used yet, answered with that open; of a durable open
     * whose connection went, answered with that open reclaimed. Else the replay opens anew.
     */
    private Reply replay(Request req, CreateRequest c, DurableHandleRequestV2 v2) {
        Guid client = new Guid(req.conn.clientGuid);
        boolean replaying = req.header.has(Smb2Header.FLAG_REPLAY);
        if (replaying) {
            ReplayCache.Key key = new ReplayCache.Key(client, v2.createGuid());
            if (server.replays.inProgress(key)) {
                throw new SmbException(NtStatus.FILE_NOT_AVAILABLE, "the replayed create is still in progress");
            }
            Open made = server.replays.made(key);
            if (made != null && made.session == req.session) {
                return replayed(req, c, made);
            }
        }
        Open o = server.durable.byCreateGuid(v2.createGuid());
        if (o == null || !o.durable.clientGuid().equals(client)) {
            return null;
        }
        if (!replaying) {
            throw new SmbException(NtStatus.DUPLICATE_OBJECTID, "CreateGuid " + v2.createGuid() + " in use");
        }
        if (!o.durable.owner().equalsIgnoreCase(req.session.userName)) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "replay of another user's create");
        }
        if (!server.durable.reclaim(o)) {
            return null;
        }
        attach(req, o);
        return replayed(req, c, o);
    }

    /**
     * The response to a replayed create, as the original's: its CreateAction, the lease as it
     * now is (the replay must name the same lease), or the oplock it holds as far as the replay
     * asks for it, and durability when that caching still allows it (a persistent open always).
     */
    private Reply replayed(Request req, CreateRequest c, Open o) {
        Holder<Open> h = o.caching;
        boolean leased = h != null && h.isLease();
        CreateContext lease = c.oplockLevel() == OplockLevel.LEASE
                ? CreateContext.find(c.contexts(), LeaseContext.NAME) : null;
        if (leased != (lease != null) || leased && !namesLease(req, lease, h)) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "the replay's lease is not the open's");
        }
        int state = h == null ? 0 : leased ? h.state() : h.state() & OplockLevel.toState(c.oplockLevel());
        DurableGrant g = o.durable;
        boolean durable = g != null && (g.persistent() || (state & LeaseState.HANDLE) != 0);
        log.debug("{}: create of {} replayed", req.conn.channel.remoteAddress(), o.path);
        return answer(req, o, o.createAction, leased ? OplockLevel.LEASE : OplockLevel.of(state),
                durable ? List.of(response(g)) : List.of());
    }

    /**
     * 3.3.5.9.13: an application instance opening a path again from another client (a failover)
     * closes what its earlier instance held there, unless that one is a newer version.
     */
    private void closeOtherInstances(Request req, CreateRequest c, Asked asked) {
        Guid client = new Guid(req.conn.clientGuid);
        for (Map.Entry<Open, DurableOpens.AppInstance> e : server.durable.withAppInstance(asked.app().id()).entrySet()) {
            Open o = e.getKey();
            DurableOpens.AppInstance made = e.getValue();
            if (o.tree.share() != req.tree.share() || !o.path.equalsIgnoreCase(SmbPath.parse(c.name()).display())
                    || made.clientGuid().equals(client)) {
                continue;
            }
            if (asked.appVersion() != null && made.version() != null && !asked.appVersion().newerThan(made.version())) {
                throw new SmbException(NtStatus.FILE_FORCED_CLOSED, "a newer app instance holds " + o.path);
            }
            log.info("{}: app instance {} reopens {}: its earlier open {} is closed", req.conn.channel.remoteAddress(),
                    asked.app().id(), o.path, o.fileId);
            if (server.durable.reclaim(o) || o.session.opens.remove(o.fileId.volatileId()) != null) {
                close.accept(o);
            }
        }
    }

    private Reply answer(Request req, Open o, int createAction, int oplock, List<CreateContext> contexts) {
        req.fileIdForChain = o.fileId;
        FileView view = DosStore.view(o.tree.share().export(), o.node);
        Holder<Open> h = o.caching;
        List<CreateContext> all = new ArrayList<>(contexts);
        if (oplock == OplockLevel.LEASE) {
            all.add(CreateHandler.leaseResponse(h).context());
        }
        return Reply.ok(new CreateResponse(oplock, createAction, view.fileStat(), o.fileId, all));
    }

    /** Grants the durability a new open asked for; the response contexts that say what was granted. */
    List<CreateContext> grant(Request req, Asked asked, Open o) {
        Guid client = new Guid(req.conn.clientGuid);
        Guid app = asked.app() == null ? null : asked.app().id();
        if (app != null) {
            server.durable.madeBy(o, new DurableOpens.AppInstance(app, client, asked.appVersion()));
        }
        if (o.directory || asked.v1() == null && asked.v2() == null) {
            return List.of();
        }
        if (asked.v2() != null) {
            DurableHandleRequestV2 v2 = asked.v2();
            boolean persistent = v2.persistent() && o.tree.share().config().continuousAvailability()
                    && (req.conn.serverCapabilities & NegotiateResponse.CAP_PERSISTENT_HANDLES) != 0;
            if (!persistent && !o.cachesHandle()) {
                return List.of();
            }
            DurableGrant g = new DurableGrant(2, persistent, v2.createGuid(), DurableGrant.timeoutFor(v2.timeoutMillis()),
                    req.session.userName, client, app);
            return granted(req, o, g) ? List.of(response(g)) : List.of();
        }
        if (!o.cachesHandle()) {
            return List.of();
        }
        DurableGrant g = new DurableGrant(1, false, null, DurableGrant.DEFAULT_TIMEOUT_MS, req.session.userName,
                client, app);
        return granted(req, o, g) ? List.of(DurableHandleRequest.RESPONSE) : List.of();
    }

    private boolean granted(Request req, Open o, DurableGrant g) {
        if (!server.durable.grant(o, g)) {
            return false;
        }
        server.durable.heldThrough(o, req.conn);
        return true;
    }

    private static CreateContext response(DurableGrant g) {
        return g.version() == 1 ? DurableHandleRequest.RESPONSE
                : new DurableHandleResponseV2(g.timeoutMillis(), g.persistent() ? DurableHandleRequestV2.FLAG_PERSISTENT : 0)
                        .context();
    }
}
