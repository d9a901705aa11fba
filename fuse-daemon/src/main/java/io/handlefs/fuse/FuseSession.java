package io.handlefs.fuse;

import io.handlefs.fuse.wire.DecodedRequest;
import io.handlefs.fuse.wire.FuseDecodeException;
import io.handlefs.fuse.wire.FuseOpcode;
import io.handlefs.fuse.wire.FuseReplies;
import io.handlefs.fuse.wire.FuseRequest;
import io.handlefs.fuse.wire.FuseRequestDecoder;
import io.handlefs.fuse.wire.InitFlags;
import io.handlefs.fuse.wire.InitNegotiation;
import io.handlefs.fuse.wire.InitOptions;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Sys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One FUSE connection: answers INIT on the session fd (nothing else is served before it), then
 * runs the workers, each reading its own clone of the session fd (FUSE_DEV_IOC_CLONE) with its own
 * request and reply buffers, reused for every request.
 */
final class FuseSession {
    private static final Logger log = LoggerFactory.getLogger(FuseSession.class);

    /** What handlefs asks of the kernel; dropped silently where the kernel does not offer it. */
    static final long WANTED = InitFlags.ASYNC_READ | InitFlags.ATOMIC_O_TRUNC
            | InitFlags.EXPORT_SUPPORT | InitFlags.BIG_WRITES | InitFlags.DONT_MASK | InitFlags.AUTO_INVAL_DATA
            | InitFlags.DO_READDIRPLUS | InitFlags.READDIRPLUS_AUTO | InitFlags.PARALLEL_DIROPS
            | InitFlags.HANDLE_KILLPRIV_V2 | InitFlags.MAX_PAGES | InitFlags.CACHE_SYMLINKS
            | InitFlags.SETXATTR_EXT | InitFlags.ASYNC_DIO;

    /** The fd the kernel's INIT arrives on: the /dev/fuse fd the mount was made with. */
    private final int sessionFd;
    private final Kernel kernel;
    private final MountOptions options;
    private final List<Thread> workers = new ArrayList<>();
    /** Set while a worker polls for the next request (one at a time: see awaitBriefly). */
    private final AtomicBoolean spinning = new AtomicBoolean();
    private final long spinNanos;
    private final List<Integer> clonedFds = new ArrayList<>();
    private FuseRing ring;
    private volatile FuseRequestDecoder decoder = FuseRequestDecoder.BEFORE_INIT;
    private volatile long negotiated;

    FuseSession(int sessionFd, Kernel kernel, MountOptions options) {
        this.sessionFd = sessionFd;
        this.kernel = kernel;
        this.options = options;
        this.spinNanos = TimeUnit.MICROSECONDS.toNanos(options.spinMicros());
    }

    private int bufferSize() {
        return Math.max(options.maxWrite(), 128 * 1024) + 8192;
    }

    /** Answers INIT (waiting at most the timeout for it), then starts the workers. */
    void start(long timeout, TimeUnit unit) {
        ByteBuffer in = ByteBuffer.allocateDirect(bufferSize());
        ByteBuffer out = ByteBuffer.allocateDirect(bufferSize());
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (negotiated == 0) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0 || !Sys.pollIn(sessionFd, (int) left)) {
                throw new IllegalStateException("the kernel sent no INIT within " + timeout + " " + unit);
            }
            in.clear();
            if (Sys.read(sessionFd, in) == 0) {
                throw new IllegalStateException("the session fd closed before INIT");
            }
            in.flip();
            answerInit(in, out);
        }
        for (int i = 0; i < options.workers(); i++) {
            int fd = i == 0 ? sessionFd : cloneSessionFd();
            Thread t = new Thread(() -> serve(fd), "fuse-worker-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        log.info("serving with {} workers; kernel flags: {}", workers.size(),
                InitFlags.describe(negotiated & Long.MAX_VALUE));
        if ((negotiated & InitFlags.OVER_IO_URING) != 0) {
            ring = FuseRing.start(sessionFd, kernel, decoder, bufferSize());
        } else if (options.ioUring()) {
            log.info("FUSE over io_uring not offered by the kernel (fuse.enable_uring is off?): /dev/fuse only");
        }
    }

    /**
     * A clone of the session fd, so that each worker has its own queue of requests in progress;
     * where /dev/fuse may not be opened (a non-root daemon), workers share the session fd.
     */
    private int cloneSessionFd() {
        int fd;
        try {
            fd = Sys.open("/dev/fuse", Linux.O_RDWR | Linux.O_CLOEXEC, 0);
        } catch (ErrnoException e) {
            if (clonedFds.isEmpty()) {
                log.info("workers share the session fd: cannot open /dev/fuse to clone it ({})", e.getMessage());
            }
            return sessionFd;
        }
        try {
            Sys.ioctlInt(fd, Linux.FUSE_DEV_IOC_CLONE, sessionFd);
        } catch (ErrnoException e) {
            Sys.close(fd);
            throw e;
        }
        clonedFds.add(fd);
        return fd;
    }

    private void answerInit(ByteBuffer in, ByteBuffer out) {
        DecodedRequest req;
        try {
            req = decoder.decode(in);
        } catch (FuseDecodeException e) {
            log.warn("undecodable request before INIT: {}", e.getMessage());
            if (e.header() != null) {
                send(sessionFd, out, FuseReplies.error(out, e.header().unique(), Errno.EIO.code()));
            }
            return;
        }
        if (req.opcode() != FuseOpcode.INIT) {
            // Nothing but INIT is served before INIT.
            if (req.expectsReply()) {
                send(sessionFd, out, FuseReplies.error(out, req.unique(), Errno.EIO.code()));
            }
            return;
        }
        long flags = WANTED | (options.writeback() ? InitFlags.WRITEBACK_CACHE : 0)
                | (options.ioUring() ? InitFlags.OVER_IO_URING : 0) | (options.lowerLocks() ? InitFlags.POSIX_LOCKS : 0);
        InitOptions wanted = InitOptions.defaults(flags).withMaxWrite(options.maxWrite())
                .withPassthrough(options.passthrough() && Sys.getuid() == 0, 1);
        InitNegotiation.Result result = InitNegotiation.negotiate((FuseRequest.Init) req.body(), wanted);
        switch (result.outcome()) {
            case UNSUPPORTED -> {
                send(sessionFd, out, FuseReplies.error(out, req.unique(), InitNegotiation.EPROTO));
                throw new IllegalStateException("the kernel speaks an older FUSE protocol than 7.x");
            }
            case RETRY -> send(sessionFd, out, FuseReplies.reply(out, req.unique(), result.reply()));
            case ACCEPTED -> {
                send(sessionFd, out, FuseReplies.reply(out, req.unique(), result.reply()));
                decoder = FuseRequestDecoder.forFlags(result.flags());
                boolean passthrough = (result.flags() & InitFlags.PASSTHROUGH) != 0;
                boolean lowerLocks = (result.flags() & InitFlags.POSIX_LOCKS) != 0;
                kernel.modes().enable((result.flags() & InitFlags.WRITEBACK_CACHE) != 0, passthrough,
                        lowerLocks || kernel.export().reportsErrorsAtClose());
                log.info("file I/O: {}", passthrough ? "FUSE passthrough (the kernel reads and writes the lower files)"
                        : "through the daemon" + (options.passthrough() ? " (the kernel or the daemon's rights do not "
                        + "allow passthrough)" : options.writeback() ? " (-o writeback)" : " (-o no_passthrough)")
                        + ((result.flags() & InitFlags.WRITEBACK_CACHE) != 0 ? ", with the kernel's writeback cache" : ""));
                log.info("locks: {}", lowerLocks ? "OFD locks on the lower files, seen by SMB and the lower tree"
                        : "kept by the kernel at the mount (-o locks=lower puts them on the lower files)");
                negotiated = result.flags() | Long.MIN_VALUE; // never 0 once negotiated
                log.info("FUSE protocol 7.{} negotiated", result.minor());
            }
        }
    }

    /** A worker: read, decode, handle, reply, until the connection ends. */
    private void serve(int fd) {
        ByteBuffer in = ByteBuffer.allocateDirect(bufferSize());
        FuseBridge bridge = new FuseBridge(kernel, fd, ByteBuffer.allocateDirect(bufferSize()),
                kernel.lockWaiter().replyOn(fd));
        for (;;) {
            in.clear();
            awaitBriefly(fd);
            try {
                if (Sys.read(fd, in) == 0) {
                    return; // end of file: not /dev/fuse's way, but a closed channel all the same
                }
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ENODEV || e.errno() == Errno.ECONNABORTED) {
                    return; // unmounted, or aborted (through fusectl: ECONNABORTED)
                }
                if (e.errno() == Errno.EINTR || e.errno() == Errno.EAGAIN || e.errno() == Errno.ENOENT) {
                    continue;
                }
                log.error("reading /dev/fuse failed; worker stops", e);
                return;
            }
            in.flip();
            int len = bridge.serve(decoder, in);
            if (len > 0 && !send(fd, bridge.out(), len)) {
                bridge.replyLost();
            }
        }
    }

    /**
     * Before a worker reads, and if no other worker does so already, polls /dev/fuse for up to
     * spin= microseconds (see {@link MountOptions#spinMicros}); the read that follows then finds
     * the request without sleeping, or sleeps as before.
     */
    private void awaitBriefly(int fd) {
        if (spinNanos == 0 || !spinning.compareAndSet(false, true)) {
            return;
        }
        try {
            long until = System.nanoTime() + spinNanos;
            while (!Sys.pollIn(fd, 0) && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        } finally {
            spinning.set(false);
        }
    }

    /** Writes one reply; false when the kernel no longer wants it (interrupted, aborted). */
    private static boolean send(int fd, ByteBuffer out, int len) {
        try {
            Sys.write(fd, out);
            return true;
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENOENT && e.errno() != Errno.ENODEV && e.errno() != Errno.ECONNABORTED) {
                log.warn("reply of {} bytes refused: {}", len, e.getMessage());
            }
            return false;
        }
    }

    /** Requests served through FUSE over io_uring so far (0 without it). */
    long ringRequests() {
        return ring == null ? 0 : ring.served();
    }

    /** Waits for every worker (and io_uring queue) to stop; false if one is still running after the timeout. */
    boolean awaitWorkers(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Thread t : workers) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            t.join(Math.max(1, left));
            if (t.isAlive()) {
                return false;
            }
        }
        if (ring != null) {
            // The kernel ends the queues' entries at unmount; the threads may still be between two waits.
            ring.stop();
            return ring.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        return true;
    }

    void closeClones() {
        clonedFds.forEach(Sys::close);
        clonedFds.clear();
    }
}
