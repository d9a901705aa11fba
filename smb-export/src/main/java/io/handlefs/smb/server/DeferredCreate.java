package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.ErrorResponse;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.sys.ErrnoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Function;

/**
 * A CREATE that waits for the breaks of other clients' leases or oplocks, as Windows holds it:
 * answered STATUS_PENDING at once, tried again on its connection's thread whenever a break of
 * the file completes (and once more after the break timeout, when every break has ended), and
 * completed asynchronously; CANCEL ends it with STATUS_CANCELLED, and so does the loss of its
 * connection unless its session lives on another channel, where it goes on unanswered. The
 * connection's thread never waits, so the acknowledgment (often on the same connection) gets in.
 */
final class DeferredCreate {
    private static final Logger log = LoggerFactory.getLogger(DeferredCreate.class);
    /** After the break timeout, every break has ended: the last try comes a little later. */
    private static final Duration GRACE = Duration.ofMillis(200);

    /** The request, moved to another channel of its session when its own connection went. */
    private volatile Request req;
    /** Its connection went: the CREATE goes on for its session, but nobody is answered. */
    private volatile boolean orphaned;
    private final Function<DeferredCreate, Reply> attempt;
    private final Runnable abandoned;
    /** Set when the first try goes asynchronous; 0 before. Tries run on the request's connection's thread. */
    private long asyncId;
    private volatile boolean done;

    /**
     * @param attempt   one try at the CREATE: its reply, pending, or {@link Reply#NONE} when it waits again
     * @param abandoned what runs when the CREATE ends without a last try (cancelled, tree gone)
     */
    DeferredCreate(Request req, Function<DeferredCreate, Reply> attempt, Runnable abandoned) {
        this.req = req;
        this.attempt = attempt;
        this.abandoned = abandoned;
    }

    /** The request as it now is (on another connection when its own went). */
    Request request() {
        return req;
    }

    /** Whether this is the request's first try (it has not waited yet). */
    boolean firstTry() {
        return asyncId == 0;
    }

    /** What a break completion runs (any thread): another try, on the connection's thread. */
    void wake() {
        if (rehome()) {
            req.conn.post(this::retry);
        } else {
            abandon(NtStatus.CANCELLED);
        }
    }

    /**
     * Whether the request has a live connection to be tried on: its own, or, once that went,
     * another channel of its session (3.3.7.1: the session lives on there). The CREATE then still
     * makes its open in the session: a replay of it on another channel (smbtorture's smb2.replay
     * dhv2-pending2 tests) is answered with that open, as Samba does.
     */
    private boolean rehome() {
        Request r = req;
        if (r.conn.channel.isActive()) {
            return true;
        }
        Connection other = !r.session.valid ? null : r.session.channels.keySet().stream()
                .filter(c -> c != r.conn && c.channel.isActive()).findFirst().orElse(null);
        if (other == null) {
            return false;
        }
        if (!orphaned) {
            r.conn.pending.remove(asyncId);
            orphaned = true;
        }
        req = r.on(other);
        return true;
    }

    /** A CANCEL ends the request; the loss of its connection only if its session has no other. */
    private void cancelled() {
        if (req.conn.channel.isActive() || !rehome()) {
            abandon(NtStatus.CANCELLED);
        }
    }

    /**
     * The try must wait: the interim reply the first time (the request goes asynchronous), nothing
     * on later tries (the client already has it).
     */
    Reply waiting(CacheBreaks breaks) {
        if (asyncId != 0) {
            return Reply.NONE;
        }
        asyncId = req.conn.newAsyncId();
        req.conn.pending.put(asyncId, new Connection.Pending(req, this::cancelled));
        breaks.schedule(this::wake, breaks.timeout().plus(GRACE));
        return Reply.pending(asyncId);
    }

    private void retry() {
        if (done) {
            return;
        }
        if (!req.session.valid || req.session.trees.get(req.tree.id()) != req.tree) {
            abandon(NtStatus.NETWORK_NAME_DELETED);
            return;
        }
        Reply reply;
        try {
            reply = attempt.apply(this);
        } catch (SmbException e) {
            log.debug("deferred CREATE {}: {}", req.header.messageId(), e.getMessage());
            reply = Reply.of(e.status(), ErrorResponse.EMPTY);
        } catch (ErrnoException e) {
            reply = Reply.of(NtStatus.ofErrno(e.errno()), ErrorResponse.EMPTY);
        } catch (RuntimeException e) {
            log.error("deferred CREATE failed", e);
            reply = Reply.of(NtStatus.INTERNAL_ERROR, ErrorResponse.EMPTY);
        }
        if (reply != Reply.NONE) {
            finish(reply);
        }
    }

    private void abandon(NtStatus status) {
        if (!done) {
            abandoned.run();
            finish(Reply.of(status, ErrorResponse.EMPTY));
        }
    }

    private void finish(Reply reply) {
        if (done) {
            return;
        }
        done = true;
        if (orphaned) {
            log.debug("CREATE {} of a lost connection ended: {}", req.header.messageId(), reply.status());
            return;
        }
        req.conn.pending.remove(asyncId);
        if (req.conn.channel.isActive()) {
            req.conn.dispatcher.completeAsync(req, asyncId, reply);
        }
    }
}
