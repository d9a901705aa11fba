package io.handlefs.smb.server;

import io.handlefs.codec.FileHandle;
import io.handlefs.inode.NodeRecord;
import io.handlefs.lookup.Credentials;
import io.handlefs.smb.mssmb2.AppInstanceVersion;
import io.handlefs.smb.mssmb2.Guid;
import io.handlefs.smb.server.lease.Holder;
import io.handlefs.smb.server.lease.OplockLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The durable opens of a server, [MS-SMB2] 3.3.1.5 GlobalOpenTable as far as reconnects need it:
 * found by persistent FileId (DHnC, DH2C) or by CreateGuid (replays, 3.3.5.9.10). A durable open
 * whose connection goes stays here, disconnected, until its owner reclaims it or its timeout
 * expires; then it is released like a closed open. Persistent opens are also written to the
 * {@link PersistentOpenTable}, before the reply that grants them or changes their locks.
 */
final class DurableOpens implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DurableOpens.class);

    private final PersistentOpenTable table;
    private final NodeStates nodes;
    private final Map<Long, Open> byPersistentId = new ConcurrentHashMap<>();
    private final Map<Guid, Open> byCreateGuid = new ConcurrentHashMap<>();
    private final Map<Open, AppInstance> appInstances = new ConcurrentHashMap<>();
    private final Map<Open, Connection> holders = new ConcurrentHashMap<>();
    /** Disconnected opens and their expiry; guarded by this. */
    private final Map<Open, ScheduledFuture<?>> disconnected = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "smb-durable-expiry");
        t.setDaemon(true);
        return t;
    });
    private volatile Consumer<Open> release = o -> { };

    DurableOpens(PersistentOpenTable table, NodeStates nodes) {
        this.table = table;
        this.nodes = nodes;
    }

    PersistentOpenTable table() {
        return table;
    }

    /** How an open nobody reclaims is released (the close handler's release). */
    void releaseWith(Consumer<Open> release) {
        this.release = release;
    }

    /**
     * Makes an open durable; a persistent one is committed first (false, and the open stays
     * plain, when that fails: the client must not be told it is persistent).
     */
    boolean grant(Open o, DurableGrant grant) {
        o.durable = grant;
        if (grant.persistent()) {
            try {
                table.put(snapshot(o));
            } catch (RuntimeException e) {
                log.error("persistent open {} not recorded, granted as a plain open", o.path, e);
                o.durable = null;
                return false;
            }
        }
        byPersistentId.put(o.fileId.persistent(), o);
        if (grant.createGuid() != null) {
            byCreateGuid.put(grant.createGuid(), o);
        }
        return true;
    }

    /** The open's locks or caching changed: a persistent open's new state is committed before the reply. */
    void changed(Open o) {
        DurableGrant g = o.durable;
        if (g != null && g.persistent()) {
            table.put(snapshot(o));
        }
    }

    Open byPersistentId(long id) {
        return byPersistentId.get(id);
    }

    Open byCreateGuid(Guid guid) {
        return byCreateGuid.get(guid);
    }

    /** Who made an open on behalf of an application instance, [MS-SMB2] 3.3.1.10 (Open.AppInstanceId, ...). */
    record AppInstance(Guid id, Guid clientGuid, AppInstanceVersion version) {}

    /** An open made by an application instance (durable or not: 3.3.5.9.13 looks at every open). */
    void madeBy(Open o, AppInstance app) {
        appInstances.put(o, app);
    }

    /** The opens made by an application instance, with who made them. */
    Map<Open, AppInstance> withAppInstance(Guid app) {
        Map<Open, AppInstance> found = new HashMap<>();
        appInstances.forEach((o, a) -> {
            if (a.id().equals(app)) {
                found.put(o, a);
            }
        });
        return found;
    }

    boolean isDisconnected(Open o) {
        synchronized (this) {
            return disconnected.containsKey(o);
        }
    }

    /**
     * The connection of session {@code from} went: a durable open is taken out of it and kept for
     * its timeout, unless a reconnect took it over first (true either way); any other open is for
     * the caller to close (false).
     */
    boolean detach(Open o, Session from) {
        DurableGrant g = o.durable;
        if (g == null) {
            return false;
        }
        if (from.opens.remove(o.fileId.volatileId(), o)) {
            holders.remove(o);
            keepDisconnected(o, g.timeoutMillis());
            log.debug("durable open {} of {} disconnected, kept {} ms", o.fileId, o.path, g.timeoutMillis());
        }
        return true;
    }

    /** The connection an attached durable open is used through now (set at grant and reconnect). */
    void heldThrough(Open o, Connection conn) {
        holders.put(o, conn);
    }

    /**
     * A reconnect that arrives before the server noticed the old connection is gone (its
     * teardown runs on that connection's thread, maybe later): a durable open whose connection
     * is no longer active is taken from its session here, once, whoever comes first.
     */
    boolean takeOverFromDeadConnection(Open o) {
        Connection holder = holders.get(o);
        Session session = o.session;
        if (holder == null || holder.channel.isActive() || !session.opens.remove(o.fileId.volatileId(), o)) {
            return false;
        }
        holders.remove(o, holder);
        log.info("durable open {} of {} reclaimed before its old connection's teardown", o.fileId, o.path);
        return true;
    }

    /** An open restored after a restart: disconnected from the start, for its timeout from now. */
    void restored(Open o) {
        if (o.durable.appInstanceId() != null) {
            appInstances.put(o, new AppInstance(o.durable.appInstanceId(), o.durable.clientGuid(), null));
        }
        byPersistentId.put(o.fileId.persistent(), o);
        if (o.durable.createGuid() != null) {
            byCreateGuid.put(o.durable.createGuid(), o);
        }
        keepDisconnected(o, o.durable.timeoutMillis());
    }

    private void keepDisconnected(Open o, long timeoutMillis) {
        synchronized (this) {
            disconnected.put(o, timer.schedule(() -> expire(o), timeoutMillis, TimeUnit.MILLISECONDS));
        }
    }

    /** Takes a disconnected open back for a reconnect; false when it is not (any more) disconnected. */
    boolean reclaim(Open o) {
        ScheduledFuture<?> expiry;
        synchronized (this) {
            expiry = disconnected.remove(o);
        }
        if (expiry == null) {
            return false;
        }
        expiry.cancel(false);
        return true;
    }

    private void expire(Open o) {
        synchronized (this) {
            if (disconnected.remove(o) == null) {
                return;
            }
        }
        log.info("durable open {} of {} not reclaimed within {} ms: released", o.fileId, o.path,
                o.durable.timeoutMillis());
        releaseNow(o);
    }

    /**
     * Closes a disconnected durable open that is not persistent at once: a new open conflicts with
     * it (share modes, or caching that would have to be broken) and its client is not there to
     * give way ([MS-SMB2] 3.3.5.9). A persistent open keeps the file until its timeout.
     */
    void purge(Open o) {
        if (o.durable.persistent()) {
            return;
        }
        ScheduledFuture<?> expiry;
        synchronized (this) {
            expiry = disconnected.remove(o);
        }
        if (expiry != null) {
            expiry.cancel(false);
        } else if (!takeOverFromDeadConnection(o)) {
            return; // still connected: its client is asked to give way (a break) like any other
        }
        log.debug("disconnected durable open {} of {} closed for a conflicting open", o.fileId, o.path);
        releaseNow(o);
    }

    private void releaseNow(Open o) {
        try {
            release.accept(o);
        } catch (RuntimeException e) {
            log.error("releasing the disconnected open {} failed", o.fileId, e);
        }
    }

    /** The open is closed for good: it leaves the tables (a persistent one its row too). Any open may be given. */
    void forget(Open o) {
        appInstances.remove(o);
        holders.remove(o);
        DurableGrant g = o.durable;
        if (g == null) {
            return;
        }
        if (g.persistent()) {
            table.remove(o.fileId.persistent());
        }
        byPersistentId.remove(o.fileId.persistent(), o);
        if (g.createGuid() != null) {
            byCreateGuid.remove(g.createGuid(), o);
        }
    }

    /** What the table keeps of a persistent open. */
    private PersistentOpen snapshot(Open o) {
        DurableGrant g = o.durable;
        Share share = o.tree.share();
        NodeRecord node = share.export().table().get(o.node)
                .orElseThrow(() -> new IllegalStateException("open of an unknown node " + o.node));
        FileHandle parent = o.parent == null ? null
                : share.export().table().get(o.parent).map(NodeRecord::handle).orElse(null);
        List<PersistentOpen.Lock> locks = new ArrayList<>();
        NodeStates.State st = nodes.get(o.node);
        if (st != null) {
            synchronized (st) {
                for (ByteRangeLocks.Range r : st.locks.all()) {
                    if (r.owner() == o) {
                        locks.add(new PersistentOpen.Lock(r.offset(), r.length(), r.exclusive()));
                    }
                }
            }
        }
        Holder<Open> h = o.caching;
        int oplock = h == null ? OplockLevel.NONE : h.isLease() ? OplockLevel.LEASE : OplockLevel.of(h.state());
        Guid leaseKey = h != null && h.isLease() ? new Guid(h.key().keyBytes()) : null;
        Credentials who = o.session.credentials;
        return new PersistentOpen(o.fileId.persistent(), o.fileId.volatileId(), g.createGuid(), g.clientGuid(),
                g.appInstanceId(), g.timeoutMillis(), share.name(), g.owner(), who.uid(), who.gid(), node.handle(), parent,
                o.directory, node.fileType(), o.name, o.path, o.access, o.shareAccess, oplock, leaseKey,
                h == null ? 0 : h.state(), h == null ? 0 : h.epoch(), h == null ? 0 : h.version(), locks);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        table.close();
    }
}
