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
 * completed asynchronously; CANCEL or a lost connection ends it with STATUS_CANCELLED. The
 * connection's thread never waits, so the acknowledgment (often on the same connection) gets in.
 */
final class DeferredCreate {
    private static final Logger log = LoggerFactory.getLogger(DeferredCreate.class);
    /** After the break timeout, every break has ended: the last try comes a little later. */
    private static final Duration GRACE = Duration.ofMillis(200);

    private final Request req;
    private final Function<DeferredCreate, Reply> attempt;
    private final Runnable abandoned;
    /** Set when the first try goes asynchronous; 0 before. Only the connection's thread touches these. */
    private long asyncId;
    private boolean done;

    /**
     * @param attempt   one try at the CREATE: its reply, pending, or {@link Reply#NONE} when it waits again
     * @param abandoned what runs when the CREATE ends without a last try (cancelled, tree gone)
     */
    DeferredCreate(Request req, Function<DeferredCreate, Reply> attempt, Runnable abandoned) {
        this.req = req;
        this.attempt = attempt;
        this.abandoned = abandoned;
    }

    /** Whether this is the request's first try (it has not waited yet). */
    boolean firstTry() {
        return asyncId == 0;
    }

    /** What a break completion runs (any thread): another try, on the connection's thread. */
    void wake() {
        req.conn.post(this::retry);
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
        req.conn.pending.put(asyncId, new Connection.Pending(req, () -> abandon(NtStatus.CANCELLED)));
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
        req.conn.pending.remove(asyncId);
        if (req.conn.channel.isActive()) {
            req.conn.dispatcher.completeAsync(req, asyncId, reply);
        }
    }
}
