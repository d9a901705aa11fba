package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.ErrorResponse;
import io.handlefs.smb.mssmb2.LockRequest;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.ReservedBody;
import io.handlefs.smb.mssmb2.Smb2Header;
import io.handlefs.smb.mssmb2.SmbException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * LOCK and CANCEL, [MS-SMB2] 3.3.5.14 and 3.3.5.16. A lock that cannot be granted at once and
 * may wait is answered STATUS_PENDING; it is tried again whenever a lock of that file goes away,
 * and completes asynchronously when granted, cancelled, or its file closed.
 */
final class LockHandler {
    /** A lock request waiting for its range; queued: it has an entry in its file's lock waiters. */
    private record Waiting(Request req, Open open, LockRequest.Element lock, int lockSequence, long asyncId,
                           AtomicBoolean done, AtomicBoolean queued) {}

    /** How often a waiting lock looks again by itself: a local process's unlock wakes nobody here. */
    private static final Duration LOCAL_POLL = Duration.ofMillis(500);

    private final ServerState server;
    private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong nextKey = new java.util.concurrent.atomic.AtomicLong();

    LockHandler(ServerState server) {
        this.server = server;
    }

    Reply handle(Request req) {
        LockRequest l = LockRequest.decode(req.message);
        Open o = req.open(l.fileId());
        if (o.pipe != null || o.directory) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "LOCK on a directory or pipe");
        }
        boolean checkReplay = LockSequences.verified(o, server.config.multiChannel()) && LockSequences.index(l.lockSequence()) != 0;
        if (checkReplay && o.lockSequences.replayed(l.lockSequence())) {
            return Reply.ok(ReservedBody.INSTANCE);
        }
        Reply reply = lockOrUnlock(req, l, o);
        if (checkReplay && reply.status() == NtStatus.SUCCESS) {
            o.lockSequences.succeeded(l.lockSequence());
        }
        if (reply.status() == NtStatus.SUCCESS) {
            server.durable.changed(o);
        }
        return reply;
    }

    /** The request's locks or unlocks; errors are thrown, a lock that waits answers pending. */
    private Reply lockOrUnlock(Request req, LockRequest l, Open o) {
        List<LockRequest.Element> locks = l.locks();
        NodeStates.State st = server.nodes.get(o.node);
        if ((locks.get(0).flags() & LockRequest.UNLOCK) != 0) {
            unlockAll(st, o, locks);
            return Reply.ok(ReservedBody.INSTANCE);
        }
        for (LockRequest.Element e : locks) {
            int kind = e.flags() & ~LockRequest.FAIL_IMMEDIATELY;
            if (kind != LockRequest.SHARED && kind != LockRequest.EXCLUSIVE) {
                throw new SmbException(NtStatus.INVALID_PARAMETER, "lock flags " + e.flags());
            }
            if (locks.size() > 1 && (e.flags() & LockRequest.FAIL_IMMEDIATELY) == 0) {
                throw new SmbException(NtStatus.INVALID_PARAMETER, "several locks that would wait");
            }
            if (!ByteRangeLocks.validRange(e.offset(), e.length())) {
                throw new SmbException(NtStatus.INVALID_LOCK_RANGE, e.offset() + "+" + e.length());
            }
        }
        // A byte-range lock ends level II caching, the locker's own included ([MS-FSA] 2.1.4.12).
        server.breaks.beforeWrite(o);
        boolean mayWait = (locks.get(0).flags() & LockRequest.FAIL_IMMEDIATELY) == 0 && req.lastInCompound;
        synchronized (st) {
            if (grant(st, o, locks)) {
                return Reply.ok(ReservedBody.INSTANCE);
            }
            if (!mayWait) {
                throw new SmbException(NtStatus.LOCK_NOT_GRANTED, "range held");
            }
            long asyncId = req.conn.newAsyncId();
            Waiting w = new Waiting(req, o, locks.get(0), l.lockSequence(), asyncId, new AtomicBoolean(),
                    new AtomicBoolean());
            long key = nextKey.incrementAndGet();
            waiting.put(key, w);
            req.conn.pending.put(asyncId, new Connection.Pending(req, () -> finish(key, NtStatus.CANCELLED)));
            queue(st, key, w);
            poll(key);
            return Reply.pending(asyncId);
        }
    }

    /** Unlocks in order and stops at the first element that is not an unlock of a held range. */
    private void unlockAll(NodeStates.State st, Open o, List<LockRequest.Element> locks) {
        try {
            synchronized (st) {
                for (LockRequest.Element e : locks) {
                    if (e.flags() != LockRequest.UNLOCK) {
                        throw new SmbException(NtStatus.INVALID_PARAMETER, "lock in an unlock request");
                    }
                    if (!st.locks.remove(o, e.offset(), e.length())) {
                        throw new SmbException(NtStatus.RANGE_NOT_LOCKED, e.offset() + "+" + e.length());
                    }
                    server.lockMirror.unlock(o, e.offset(), e.length(), st.locks.all());
                }
            }
        } finally {
            NodeStates.wake(st);
        }
    }

    /**
     * Takes all the ranges or none, among SMB opens and on the lower file (where a local process
     * may hold them). The caller holds the state's monitor.
     */
    private boolean grant(NodeStates.State st, Open o, List<LockRequest.Element> locks) {
        for (int i = 0; i < locks.size(); i++) {
            LockRequest.Element e = locks.get(i);
            boolean exclusive = (e.flags() & LockRequest.EXCLUSIVE) != 0;
            if (st.locks.conflicts(o, e.offset(), e.length(), exclusive)
                    || !server.lockMirror.lock(o, e.offset(), e.length(), exclusive)) {
                for (int j = 0; j < i; j++) {
                    LockRequest.Element taken = locks.get(j);
                    st.locks.remove(o, taken.offset(), taken.length());
                    server.lockMirror.unlock(o, taken.offset(), taken.length(), st.locks.all());
                }
                return false;
            }
            st.locks.add(new ByteRangeLocks.Range(o, e.offset(), e.length(), exclusive));
        }
        return true;
    }

    private void retry(long key) {
        Waiting w = waiting.get(key);
        if (w == null || w.done().get()) {
            return;
        }
        NodeStates.State st = server.nodes.get(w.open().node);
        if (st == null) {
            finish(key, NtStatus.CANCELLED);
            return;
        }
        synchronized (st) {
            if (!grant(st, w.open(), List.of(w.lock()))) {
                queue(st, key, w);
                return;
            }
        }
        finish(key, NtStatus.SUCCESS);
    }

    /** Tries the lock again when a lock of its file goes (once queued at a time). Under the state's monitor. */
    private void queue(NodeStates.State st, long key, Waiting w) {
        if (w.queued().compareAndSet(false, true)) {
            st.lockWaiters.add(() -> {
                w.queued().set(false);
                w.req().conn.post(() -> retry(key));
            });
        }
    }

    /** Tries the lock again every {@link #LOCAL_POLL} while it waits (the range may be a local process's). */
    private void poll(long key) {
        server.breaks.schedule(() -> {
            Waiting w = waiting.get(key);
            if (w != null && !w.done().get()) {
                w.req().conn.post(() -> retry(key));
                poll(key);
            }
        }, LOCAL_POLL);
    }

    /** Sends the final response of a waiting lock, once. */
    private void finish(long key, NtStatus status) {
        Waiting w = waiting.remove(key);
        if (w == null || !w.done().compareAndSet(false, true)) {
            return;
        }
        w.req().conn.pending.remove(w.asyncId());
        if (status == NtStatus.SUCCESS && LockSequences.verified(w.open(), server.config.multiChannel())) {
            w.open().lockSequences.succeeded(w.lockSequence());
        }
        if (status == NtStatus.SUCCESS) {
            server.durable.changed(w.open());
        }
        Reply reply = status == NtStatus.SUCCESS ? Reply.ok(ReservedBody.INSTANCE) : Reply.of(status, ErrorResponse.EMPTY);
        if (w.req().conn.channel.isActive()) {
            w.req().conn.dispatcher.completeAsync(w.req(), w.asyncId(), reply);
        }
    }

    /** CANCEL: by async id, or by message id for a request not yet gone async. */
    void cancel(Request req) {
        Smb2Header h = req.header;
        if (h.has(Smb2Header.FLAG_ASYNC)) {
            Connection.Pending p = req.conn.pending.get(h.asyncId());
            if (p != null) {
                p.cancel().run();
            }
            return;
        }
        req.conn.pending.values().stream().filter(p -> p.request().header.messageId() == h.messageId())
                .findFirst().ifPresent(p -> p.cancel().run());
    }

    /** The open is closing: its waiting locks end with STATUS_RANGE_NOT_LOCKED. */
    void cancelWaitersOf(Open o) {
        waiting.forEach((key, w) -> {
            if (w.open() == o) {
                finish(key, NtStatus.RANGE_NOT_LOCKED);
            }
        });
    }

    /** Mandatory locking: I/O through an open that would touch another's lock fails. */
    static void checkIo(ServerState server, Open o, long offset, long length, boolean write) {
        NodeStates.State st = server.nodes.get(o.node);
        if (st == null) {
            return;
        }
        synchronized (st) {
            if (st.locks.blocksIo(o, offset, length, write)) {
                throw new SmbException(NtStatus.FILE_LOCK_CONFLICT, (write ? "write " : "read ") + offset + "+" + length);
            }
        }
    }
}
