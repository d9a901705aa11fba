package io.handlefs.smb.server;

import io.handlefs.codec.NodeId;
import io.handlefs.lookup.OpenGate;
import io.handlefs.smb.mssmb2.LeaseBreakNotification;
import io.handlefs.smb.mssmb2.OplockBreak;
import io.handlefs.smb.mssmb2.Smb2Body;
import io.handlefs.smb.server.lease.Break;
import io.handlefs.smb.server.lease.FileCaching;
import io.handlefs.smb.server.lease.Holder;
import io.handlefs.smb.server.lease.LeaseKey;
import io.handlefs.smb.server.lease.OplockLevel;
import io.handlefs.sys.Linux;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Carries out what {@link FileCaching} decides: sends break notifications to the holders'
 * connections ([MS-SMB2] 3.3.4.6, 3.3.4.7), ends unacknowledged breaks after the break timeout,
 * and wakes the operations that wait for breaks. It is also the export's {@link OpenGate}: an open through the FUSE
 * mount breaks what it conflicts with and waits, bounded, for the acknowledgment. Nothing here
 * blocks a connection's thread: only the FUSE worker that opens waits.
 */
final class CacheBreaks implements OpenGate, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CacheBreaks.class);

    private final NodeStates nodes;
    /** Closes a disconnected durable open that is in a new open's way ({@link DurableOpens#purge}). */
    private final Consumer<Open> purge;
    private final Duration timeout;
    private final LeaseTable leases = new LeaseTable();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "smb-break-timer");
        t.setDaemon(true);
        return t;
    });

    CacheBreaks(NodeStates nodes, Consumer<Open> purge, Duration timeout) {
        this.nodes = nodes;
        this.purge = purge;
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    /** Which file each lease key names, and where its client's breaks go. */
    LeaseTable leases() {
        return leases;
    }

    /** Runs after {@code delay}, on the server's timer thread (break timeouts, deferred retries, lock polls). */
    void schedule(Runnable task, Duration delay) {
        timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Sends breaks decided under a file's state (call without holding it): notifications go out,
     * each break that awaits an ack gets its timer, and a break already complete (none to ack)
     * wakes those waiting on the file.
     */
    void send(NodeId node, List<Break<Open>> breaks) {
        if (breaks.isEmpty()) {
            return;
        }
        boolean changed = false;
        for (Break<Open> b : breaks) {
            deliver(b);
            if (b.ackRequired()) {
                schedule(() -> expire(node, b), timeout);
            } else {
                changed = true;
            }
        }
        if (changed) {
            wake(node);
        }
    }

    private void expire(NodeId node, Break<Open> b) {
        NodeStates.State st = nodes.get(node);
        if (st == null) {
            return;
        }
        synchronized (st) {
            if (!b.holder().breaking() || b.holder().breakNumber() != b.number()) {
                return;
            }
            log.info("break of {} not acknowledged within {}", b.holder(), timeout);
            st.caching.timedOut(b.holder(), b.number());
        }
        wake(node);
    }

    /** The notification of one break, on the connection of the first of the holder's opens. */
    private void deliver(Break<Open> b) {
        Open o = b.target();
        if (o == null) {
            return;
        }
        Connection conn = b.holder().isLease() ? leases.connectionFor(b.holder().key(), o) : o.connection;
        if (conn == null || !conn.channel.isActive()) {
            return;
        }
        Holder<Open> h = b.holder();
        Smb2Body body = h.isLease()
                ? new LeaseBreakNotification(h.version() == 2 ? b.epoch() : 0,
                        b.ackRequired() ? LeaseBreakNotification.FLAG_ACK_REQUIRED : 0, h.key().keyBytes(), b.from(), b.to())
                : new OplockBreak(OplockLevel.of(b.to()), o.fileId);
        log.debug("break {} to {} on {}", h, b.to(), conn.channel.remoteAddress());
        // Sealed with a session of the connection it goes on (the open's own, when it is there).
        Session session = conn == o.connection ? o.session
                : conn.sessions.values().stream().filter(s -> s.valid).findFirst().orElse(o.session);
        boolean encrypt = conn.is3x() && session.keys != null
                && (session.encryptData || (o.tree != null && o.tree.encryptData()));
        conn.dispatcher.sendBreak(body, encrypt ? session : null);
    }

    /** Runs and forgets what waits on the file's breaks: each waiter looks again. */
    void wake(NodeId node) {
        NodeStates.State st = nodes.get(node);
        if (st == null) {
            return;
        }
        List<Runnable> waiters;
        synchronized (st) {
            waiters = new ArrayList<>(st.breakWaiters);
            st.breakWaiters.clear();
        }
        waiters.forEach(Runnable::run);
        nodes.release(node, st);
    }

    /**
     * A local open: read-only ends write and handle caching, a write (or truncating) open ends all
     * caching. Waits for the acknowledgments up to the break timeout.
     */
    @Override
    public void beforeOpen(NodeId node, int flags) {
        boolean write = (flags & Linux.O_ACCMODE) != Linux.O_RDONLY || (flags & Linux.O_TRUNC) != 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            NodeStates.State st = nodes.get(node);
            if (st == null) {
                return;
            }
            CountDownLatch woken = new CountDownLatch(1);
            FileCaching.Check<Open> check;
            synchronized (st) {
                check = st.caching.beforeLocalOpen(write);
                if (check.delay()) {
                    st.breakWaiters.add(woken::countDown);
                }
            }
            send(node, check.breaks());
            if (!check.delay()) {
                return;
            }
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !woken.await(left, TimeUnit.NANOSECONDS)) {
                    log.info("local open of node {} goes ahead of an unacknowledged break", node);
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Before a CREATE of an existing file: sends the breaks the new open needs and tells whether it
     * must wait for them; if so (and it may wait: {@code waiter} not null) the waiter runs when a
     * break of the file completes. Disconnected durable opens (not persistent) that are in the
     * way, by share modes or by caching the open would break, are closed first: their client is not
     * there to give way. The share-mode check here only decides what breaks: the open is checked
     * again when it is made.
     */
    boolean beforeCreate(NodeId node, LeaseKey requester, FileCaching.Stat stat, int access, int shareAccess,
                         boolean overwrite, boolean firstTry, Runnable waiter) {
        for (boolean purging = true; ; purging = false) {
            NodeStates.State st = nodes.get(node);
            if (st == null) {
                return false;
            }
            FileCaching.Check<Open> check = null;
            List<Open> abandoned = null;    // nothing allocated in the common case: no durable open
            synchronized (st) {
                if (st.deletePending) {
                    return false;
                }
                boolean violation = false;
                for (Open other : st.opens) {
                    boolean conflict = ShareModes.conflict(other, access, shareAccess);
                    violation |= conflict;
                    if (purging && other.durable != null && !other.durable.persistent() && (conflict
                            || stat == FileCaching.Stat.DATA && other.caching != null
                                    && (requester == null || !requester.equals(other.caching.key())))) {
                        if (abandoned == null) {
                            abandoned = new ArrayList<>();
                        }
                        abandoned.add(other);
                    }
                }
                if (abandoned == null) {
                    check = st.caching.beforeOpen(requester, stat, violation, overwrite, firstTry);
                    if (check.delay() && waiter != null) {
                        st.breakWaiters.add(waiter);
                    }
                }
            }
            if (abandoned == null) {
                send(node, check.breaks());
                return check.delay() && waiter != null;
            }
            // Those whose connection is gone, even if its teardown has not run yet; then look once more.
            abandoned.forEach(purge);
        }
    }

    /**
     * An open closes: it leaves its lease or oplock (a lease with no opens left is forgotten). The
     * caller holds the file's state and calls {@link #wake} after it: a waiting open may go on.
     */
    void closed(NodeStates.State st, Open o) {
        leases.gone(st.caching.closed(o));
        o.caching = null;
    }

    /** A rename through an open: other holders' handle caching ends (their cached handles name the old path). */
    void beforeRename(Open o) {
        breakOthers(o, true);
    }

    /** A write or size change through an open: the read caching of others ends (nobody waits). */
    void beforeWrite(Open o) {
        breakOthers(o, false);
    }

    private void breakOthers(Open o, boolean rename) {
        NodeStates.State st = nodes.get(o.node);
        if (st == null) {
            return;
        }
        List<Break<Open>> breaks;
        synchronized (st) {
            breaks = rename ? st.caching.beforeRename(o) : st.caching.beforeWrite(o);
        }
        send(o.node, breaks);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
