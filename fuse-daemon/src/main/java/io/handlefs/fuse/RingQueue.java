package io.handlefs.fuse;

import io.handlefs.fuse.wire.FuseDecodeException;
import io.handlefs.fuse.wire.FuseOutHeader;
import io.handlefs.fuse.wire.FuseReplies;
import io.handlefs.fuse.wire.FuseRequestDecoder;
import io.handlefs.fuse.wire.RingMessages;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.IoUring;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Sys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One FUSE-over-io_uring queue: the kernel sends it the requests of processes running on its CPU,
 * and one thread bound to that CPU serves them, so a request and its reply wake nobody on another
 * CPU. The thread registers its entries (FUSE_IO_URING_CMD_REGISTER), then for each request
 * handles it and commits the reply together with the fetch of the next request
 * (FUSE_IO_URING_CMD_COMMIT_AND_FETCH) in the same io_uring_enter that waits for more.
 *
 * <p>A reply sent later from another thread (a blocking lock) is queued here and an eventfd wakes
 * the thread, which commits it: the ring has one submitter. The queue ends when the kernel ends
 * every entry (unmount: ENOTCONN) or when {@link #stop} is called.
 */
final class RingQueue implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(RingQueue.class);

    private static final int CMD_REGISTER = 1;
    private static final int CMD_COMMIT_AND_FETCH = 2;
    /** user_data of the eventfd poll; entries use their index. */
    private static final long WAKEUP = -1;
    private static final int ENOTCONN = 107;
    private static final int ECANCELED = 125;

    /** One ring entry: its buffers and the bridge that answers into them. */
    private final class Entry {
        final int index;
        final ByteBuffer header = RingMessages.newHeader();
        final ByteBuffer memory;
        final ByteBuffer iovecs = ByteBuffer.allocateDirect(32).order(ByteOrder.LITTLE_ENDIAN);
        final FuseBridge bridge;
        boolean registered;
        boolean ended;

        Entry(int index) {
            this.index = index;
            this.memory = ByteBuffer.allocateDirect(RingMessages.GAP + payloadSize).order(ByteOrder.LITTLE_ENDIAN);
            iovecs.putLong(0, Sys.address(header)).putLong(8, RingMessages.HEADER_SIZE)
                    .putLong(16, Sys.address(memory) + RingMessages.GAP).putLong(24, payloadSize);
            // Replies fit the payload buffer: no reply body is larger than the kernel's max_payload_sz.
            this.bridge = new FuseBridge(kernel, sessionFd, ByteBuffer.allocateDirect(FuseOutHeader.SIZE + payloadSize),
                    (unique, errno) -> late(this, unique, errno));
        }
    }

    private record Late(Entry entry, long unique, int errno) {}

    private final int qid;
    private final int sessionFd;
    private final Kernel kernel;
    private final FuseRequestDecoder decoder;
    private final int payloadSize;
    private final Entry[] entries;
    private IoUring ring;
    private volatile int wakeupFd = -1;
    private final ByteBuffer wakeupWord = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer wakeupRead = ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer lateOut = ByteBuffer.allocateDirect(64);
    private final ConcurrentLinkedQueue<Late> lateReplies = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;
    /** Requests served through this queue (written by its thread only). */
    private volatile long served;
    private int live;

    RingQueue(int qid, int depth, int sessionFd, Kernel kernel, FuseRequestDecoder decoder, int payloadSize) {
        this.qid = qid;
        this.sessionFd = sessionFd;
        this.kernel = kernel;
        this.decoder = decoder;
        this.payloadSize = payloadSize;
        this.entries = new Entry[depth];
        for (int i = 0; i < depth; i++) {
            entries[i] = new Entry(i);
        }
    }

    @Override
    public void run() {
        try {
            Sys.bindThreadToCpu(qid);
        } catch (ErrnoException e) {
            log.debug("queue {} not bound to its CPU: {}", qid, e.getMessage());
        }
        try {
            ring = IoUring.open(entries.length + 1, 2 * (entries.length + 1));
            wakeupFd = Sys.eventfd();
        } catch (ErrnoException e) {
            log.error("io_uring queue {} not set up ({}): requests stay on /dev/fuse", qid, e.getMessage());
            if (ring != null) {
                ring.close();
            }
            return;
        }
        try {
            for (Entry e : entries) {
                submit(e, CMD_REGISTER);
            }
            live = entries.length;
            armWakeup();
            while (live > 0 && !stopping) {
                ring.submitAndWait(1);
                ring.completions(this::completed);
            }
        } catch (RuntimeException e) {
            log.error("io_uring queue {} failed; its requests go unanswered until unmount", qid, e);
        } finally {
            ring.close();
            Sys.close(wakeupFd);
        }
    }

    long served() {
        return served;
    }

    /** Ends the queue's thread (the mount is going away). */
    void stop() {
        stopping = true;
        wake();
    }

    private void completed(long userData, int res) {
        if (userData == WAKEUP) {
            drainWakeup();
            return;
        }
        Entry e = entries[(int) userData];
        if (res == 0) {
            e.registered = true;
            serve(e);
        } else if (res == -Errno.EAGAIN.code() || res == -Errno.EINTR.code()) {
            submit(e, e.registered ? CMD_COMMIT_AND_FETCH : CMD_REGISTER);
        } else {
            if (res != -ENOTCONN && res != -ECANCELED) {
                log.warn("io_uring queue {} entry {} ended: errno {}", qid, e.index, -res);
            }
            e.ended = true;
            live--;
        }
    }

    /** One request is in the entry: decode, handle, commit the reply (unless it comes later). */
    private void serve(Entry e) {
        FuseBridge bridge = e.bridge;
        served++;
        int len;
        try {
            int start = RingMessages.assemble(e.header, e.memory, payloadSize);
            len = bridge.serve(decoder, e.memory.limit(RingMessages.GAP + RingMessages.payloadSize(e.header)).position(start));
        } catch (FuseDecodeException bad) {
            len = bridge.refuse(bad); // the entry's header is always whole: this answers it
        } finally {
            e.memory.clear();
        }
        if (len > 0) {
            RingMessages.placeReply(bridge.out(), len, e.header, e.memory);
            submit(e, CMD_COMMIT_AND_FETCH);
        }
    }

    private void submit(Entry e, int cmd) {
        ByteBuffer sqes = ring.sqes();
        int sqe = ring.nextSqe();
        sqes.put(sqe, (byte) IoUring.OP_URING_CMD);
        sqes.putInt(sqe + 4, sessionFd);
        sqes.putInt(sqe + 8, cmd);
        if (cmd == CMD_REGISTER) {
            sqes.putLong(sqe + 16, Sys.address(e.iovecs));
            sqes.putInt(sqe + 24, 2);
        }
        sqes.putLong(sqe + 32, e.index);
        sqes.putLong(sqe + IoUring.SQE_CMD + 8, cmd == CMD_REGISTER ? 0 : RingMessages.commitId(e.header));
        sqes.putShort(sqe + IoUring.SQE_CMD + 16, (short) qid);
    }

    private void armWakeup() {
        ByteBuffer sqes = ring.sqes();
        int sqe = ring.nextSqe();
        sqes.put(sqe, (byte) IoUring.OP_POLL_ADD);
        sqes.putInt(sqe + 4, wakeupFd);
        sqes.putInt(sqe + 28, Linux.POLLIN);
        sqes.putLong(sqe + 32, WAKEUP);
    }

    /** From any thread: a reply for a request the entry holds. */
    private void late(Entry e, long unique, int errno) {
        lateReplies.add(new Late(e, unique, errno));
        wake();
    }

    private synchronized void wake() {
        if (wakeupFd < 0) {
            return;
        }
        try {
            wakeupWord.clear();
            wakeupWord.putLong(0, 1);
            Sys.write(wakeupFd, wakeupWord);
        } catch (ErrnoException e) {
            log.debug("io_uring queue {} not woken: {}", qid, e.getMessage());
        }
    }

    private void drainWakeup() {
        try {
            wakeupRead.clear();
            Sys.read(wakeupFd, wakeupRead);
        } catch (ErrnoException e) {
            log.debug("io_uring queue {} wakeup read: {}", qid, e.getMessage());
        }
        for (Late l; (l = lateReplies.poll()) != null; ) {
            if (!l.entry().ended) {
                int len = l.errno() == 0 ? FuseReplies.empty(lateOut, l.unique())
                        : FuseReplies.error(lateOut, l.unique(), l.errno());
                RingMessages.placeReply(lateOut, len, l.entry().header, l.entry().memory);
                submit(l.entry(), CMD_COMMIT_AND_FETCH);
            }
        }
        if (!stopping) {
            armWakeup();
        }
    }
}
