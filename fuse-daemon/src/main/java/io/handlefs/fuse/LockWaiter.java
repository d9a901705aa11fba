package io.handlefs.fuse;

import io.handlefs.fuse.wire.FuseReplies;
import io.handlefs.lookup.PosixLocks;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Sys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * SETLKW without blocking a worker: a lock that is busy is retried on a timer until it is granted,
 * fails, or the kernel interrupts the request (the caller got a signal), and then answered from
 * here. Blocking a worker instead would let two waiting locks stop a two-worker daemon.
 */
final class LockWaiter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LockWaiter.class);
    private static final long FIRST_RETRY_MS = 1;
    private static final long MAX_RETRY_MS = 50;

    private record Waiting(LateReply reply, long fh, long owner, PosixLocks.Range range) {}

    private final PosixLocks locks;
    private final ByteBuffer out = ByteBuffer.allocateDirect(64);
    private final ConcurrentHashMap<Long, Waiting> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fuse-lock-wait");
        t.setDaemon(true);
        return t;
    });

    LockWaiter(PosixLocks locks) {
        this.locks = locks;
    }

    /**
     * Replies written to a /dev/fuse fd: the one the request was read from, since with cloned fds
     * only that one takes its reply.
     */
    LateReply replyOn(int deviceFd) {
        return (unique, errno) -> reply(deviceFd, unique, errno);
    }

    /** Takes over a SETLKW request whose lock is busy now; the reply comes later, through reply. */
    void await(long unique, LateReply reply, long fh, long owner, PosixLocks.Range range) {
        waiting.put(unique, new Waiting(reply, fh, owner, range));
        schedule(unique, FIRST_RETRY_MS);
    }

    /** INTERRUPT: true if the request was waiting here (it is then answered EINTR). */
    boolean interrupt(long unique) {
        Waiting w = waiting.remove(unique);
        if (w == null) {
            return false;
        }
        w.reply().send(unique, Errno.EINTR.code());
        return true;
    }

    private void schedule(long unique, long delayMs) {
        if (!timer.isShutdown()) {
            timer.schedule(() -> attempt(unique, delayMs), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private void attempt(long unique, long delayMs) {
        Waiting w = waiting.get(unique);
        if (w == null) {
            return;
        }
        int errno = 0;
        try {
            locks.setlk(w.fh(), w.owner(), w.range());
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EAGAIN) {
                schedule(unique, Math.min(MAX_RETRY_MS, delayMs * 2));
                return;
            }
            errno = e.code();
        }
        if (waiting.remove(unique) != null) {
            w.reply().send(unique, errno);
        } else if (errno == 0) {
            // Interrupted while we were granting it: the caller was told EINTR, so give it back.
            PosixLocks.Range r = w.range();
            locks.setlk(w.fh(), w.owner(), new PosixLocks.Range(Linux.F_UNLCK, r.start(), r.end(), r.pid()));
        }
    }

    private synchronized void reply(int deviceFd, long unique, int errno) {
        if (errno == 0) {
            FuseReplies.empty(out, unique);
        } else {
            FuseReplies.error(out, unique, errno);
        }
        try {
            Sys.write(deviceFd, out);
        } catch (ErrnoException e) {
            log.debug("lock reply for request {} not taken: {}", unique, e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        waiting.forEach((unique, w) -> w.reply().send(unique, Errno.EINTR.code()));
        waiting.clear();
    }
}
