package io.handlefs.sys;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One io_uring with 128-byte submission entries (IORING_SETUP_SQE128, which URING_CMD needs),
 * used by one thread: it fills entries, submits them and reaps completions. The rings are shared
 * memory with the kernel, so the indexes the kernel reads or writes are accessed with acquire and
 * release semantics ({@code include/uapi/linux/io_uring.h}, liburing's barrier rules).
 *
 * <pre>
 * struct io_uring_params (120 bytes)         SQE (128 bytes, as used here)
 *   0 sq_entries  4 cq_entries  8 flags        0 u8 opcode  1 u8 flags  2 u16 ioprio  4 s32 fd
 *  20 features                                 8 u64 off | u32 cmd_op   16 u64 addr   24 u32 len
 *  40 sq_off: head tail mask entries flags     28 u32 op flags (poll32_events)  32 u64 user_data
 *     dropped array (u32 each)                48 command area (80 bytes with SQE128)
 *  80 cq_off: head tail mask entries overflow CQE (16 bytes): 0 u64 user_data  8 s32 res  12 u32 flags
 *     cqes (u32 each)
 * </pre>
 */
public final class IoUring implements AutoCloseable {
    public static final int OP_POLL_ADD = 6;
    public static final int OP_URING_CMD = 46;
    public static final int SQE_SIZE = 128;
    /** Where an SQE's command area starts (struct io_uring_sqe's cmd[]). */
    public static final int SQE_CMD = 48;

    private static final int SETUP_CQSIZE = 1 << 3;
    private static final int SETUP_SQE128 = 1 << 10;
    private static final int FEAT_SINGLE_MMAP = 1;
    private static final int ENTER_GETEVENTS = 1;
    private static final long OFF_SQES = 0x10000000L;
    private static final int PARAMS_SIZE = 120;
    private static final int CQE_SIZE = 16;

    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final int fd;
    private final ByteBuffer rings;
    private final ByteBuffer sqes;
    private final int sqHead;
    private final int sqTail;
    private final int sqMask;
    private final int sqArray;
    private final int cqHead;
    private final int cqTail;
    private final int cqMask;
    private final int cqes;
    private final int sqEntries;
    /** Our copy of the SQ tail, ahead of the shared one by the entries filled but not yet published. */
    private int tail;

    /** Called for each completion; userData is what the SQE carried. */
    @FunctionalInterface
    public interface Completion {
        void completed(long userData, int res);
    }

    private IoUring(int fd, ByteBuffer params) {
        this.fd = fd;
        this.sqEntries = params.getInt(0);
        int cqEntries = params.getInt(4);
        int sqOff = 40;
        int cqOff = 80;
        int sqSize = params.getInt(sqOff + 24) + sqEntries * 4;
        int cqSize = params.getInt(cqOff + 20) + cqEntries * CQE_SIZE;
        this.rings = Sys.mmapShared(fd, 0, Math.max(sqSize, cqSize));
        try {
            this.sqes = Sys.mmapShared(fd, OFF_SQES, sqEntries * SQE_SIZE);
        } catch (ErrnoException e) {
            Sys.munmap(rings);
            throw e;
        }
        this.sqHead = params.getInt(sqOff);
        this.sqTail = params.getInt(sqOff + 4);
        this.sqMask = rings.getInt(params.getInt(sqOff + 8));
        this.sqArray = params.getInt(sqOff + 24);
        this.cqHead = params.getInt(cqOff);
        this.cqTail = params.getInt(cqOff + 4);
        this.cqMask = rings.getInt(params.getInt(cqOff + 8));
        this.cqes = params.getInt(cqOff + 20);
        this.tail = (int) INT.getAcquire(rings, sqTail);
    }

    /** A ring of at least sqEntries submission and cqEntries completion entries. */
    public static IoUring open(int sqEntries, int cqEntries) {
        ByteBuffer params = ByteBuffer.allocateDirect(PARAMS_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        params.putInt(4, cqEntries);
        params.putInt(8, SETUP_SQE128 | SETUP_CQSIZE);
        int fd = Sys.ioUringSetup(sqEntries, params);
        try {
            if ((params.getInt(20) & FEAT_SINGLE_MMAP) == 0) {
                throw new ErrnoException(Errno.EOPNOTSUPP, "io_uring without IORING_FEAT_SINGLE_MMAP");
            }
            return new IoUring(fd, params);
        } catch (RuntimeException e) {
            Sys.close(fd);
            throw e;
        }
    }

    /** The submission entries' memory; {@link #nextSqe} gives the offset of the one to fill. */
    public ByteBuffer sqes() {
        return sqes;
    }

    /**
     * Claims the next submission entry, zeroed, and returns its offset in {@link #sqes()}. It is
     * published to the kernel with the next {@link #submitAndWait}.
     *
     * @throws IllegalStateException when every entry is still waiting for the kernel to take it
     */
    public int nextSqe() {
        if (tail - (int) INT.getAcquire(rings, sqHead) >= sqEntries) {
            throw new IllegalStateException("io_uring submission ring full (" + sqEntries + ")");
        }
        int index = tail & sqMask;
        int off = index * SQE_SIZE;
        for (int i = 0; i < SQE_SIZE; i += 8) {
            sqes.putLong(off + i, 0);
        }
        rings.putInt(sqArray + index * 4, index);
        tail++;
        return off;
    }

    /**
     * Publishes the entries filled since the last call, hands them to the kernel and waits until
     * at least minComplete completions are there (0: does not wait). A signal ends the wait early:
     * whatever the kernel did not take is handed over on the next call.
     */
    public void submitAndWait(int minComplete) {
        INT.setRelease(rings, sqTail, tail);
        int pending = tail - (int) INT.getAcquire(rings, sqHead);
        try {
            Sys.ioUringEnter(fd, pending, minComplete, minComplete > 0 ? ENTER_GETEVENTS : 0);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EINTR) {
                throw e;
            }
        }
    }

    /** Hands every completion that is there to the consumer, in order; returns how many. */
    public int completions(Completion consumer) {
        int head = (int) INT.getAcquire(rings, cqHead);
        int end = (int) INT.getAcquire(rings, cqTail);
        int n = 0;
        while (head != end) {
            int off = cqes + (head & cqMask) * CQE_SIZE;
            long userData = rings.getLong(off);
            int res = rings.getInt(off + 8);
            head++;
            n++;
            INT.setRelease(rings, cqHead, head);
            consumer.completed(userData, res);
        }
        return n;
    }

    @Override
    public void close() {
        Sys.munmap(sqes);
        Sys.munmap(rings);
        Sys.close(fd);
    }
}
