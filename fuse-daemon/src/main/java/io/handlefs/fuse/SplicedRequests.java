package io.handlefs.fuse;

import io.handlefs.fuse.wire.FuseInHeader;
import io.handlefs.fuse.wire.FuseOpcode;
import io.handlefs.fuse.wire.FuseRequest;
import io.handlefs.lookup.SplicedData;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Sys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One worker's requests, spliced off /dev/fuse into a pipe of its own when the daemon does the
 * file I/O: the data of a big WRITE then goes from the pages the kernel hands over to the lower
 * file with splice(2), one copy, where a read into the worker's buffer and a pwrite from it
 * make two. Everything else, and the head of such a WRITE, is read out of the pipe into the
 * buffer, so the rest of the daemon sees requests as before.
 *
 * <p>The kernel splices a whole request or fails it (EIO), so the pipe must hold the largest:
 * a pipe buffer per page of data and one for the head. Without CAP_SYS_RESOURCE a pipe grows to
 * fs.pipe-max-size (1 MiB) at most, so INIT then asks for writes of a page less than that
 * ({@link #largestWrite}).
 */
final class SplicedRequests implements SplicedData, AutoCloseable {
    /** Smaller WRITEs are read into the buffer: there two copies cost less than the splice calls. */
    static final int MIN_SPLICED = 16 * 1024;
    /** Below this largest WRITE a pipe is not worth it. */
    static final int MIN_PIPE_WRITE = 64 * 1024;
    private static final int WRITE_HEAD = FuseInHeader.SIZE + FuseRequest.Write.SIZE;
    private static final int PAGE = 4096;

    private final int readEnd;
    private final int writeEnd;
    /** Bytes of the current WRITE's data still in the pipe. */
    private long held;

    private SplicedRequests(int readEnd, int writeEnd) {
        this.readEnd = readEnd;
        this.writeEnd = writeEnd;
    }

    /** A pipe of pipeBytes (as {@link #pipeBytes} found possible). */
    static SplicedRequests open(int pipeBytes) {
        int[] ends = Sys.pipe2(Linux.O_CLOEXEC);
        try {
            int size = Sys.setPipeSize(ends[1], pipeBytes);
            if (size < pipeBytes) {
                throw new IllegalStateException("pipe of " + size + " bytes, not " + pipeBytes);
            }
        } catch (RuntimeException e) {
            Sys.close(ends[0]);
            Sys.close(ends[1]);
            throw e;
        }
        return new SplicedRequests(ends[0], ends[1]);
    }

    /**
     * The biggest pipe this process may have, up to wanted bytes: wanted with CAP_SYS_RESOURCE,
     * else fs.pipe-max-size; 0 where no pipe can be made.
     */
    static int pipeBytes(int wanted) {
        int[] ends;
        try {
            ends = Sys.pipe2(Linux.O_CLOEXEC);
        } catch (ErrnoException e) {
            return 0;
        }
        try {
            return Sys.setPipeSize(ends[1], wanted);
        } catch (ErrnoException e) {
            try {
                return Sys.setPipeSize(ends[1], Math.min(wanted, pipeMaxSize()));
            } catch (ErrnoException again) {
                return 0;
            }
        } finally {
            Sys.close(ends[0]);
            Sys.close(ends[1]);
        }
    }

    /** The largest WRITE a pipe of pipeBytes holds whole: a page of it holds the head. */
    static int largestWrite(int pipeBytes) {
        return Math.max(0, pipeBytes / PAGE - 1) * PAGE;
    }

    private static int pipeMaxSize() {
        try {
            // readAllLines: readString reads one byte of a /proc file (whose size says 0) on JDK 17.
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/fs/pipe-max-size")).get(0).trim());
        } catch (IOException | NumberFormatException e) {
            return 1 << 20; // the kernel's default
        }
    }

    /**
     * Splices the next request off fuseFd and reads it into in (from position 0), all of it but
     * the data of a WRITE of at least {@link #MIN_SPLICED} bytes, which stays in the pipe
     * ({@link #held()}). Returns the bytes the request has in all, 0 at end of file.
     */
    int next(int fuseFd, ByteBuffer in) {
        in.clear();
        int length = (int) Sys.splice(fuseFd, -1, writeEnd, -1, in.capacity(), Linux.SPLICE_F_MOVE);
        int head = Math.min(length, WRITE_HEAD);
        readInto(in, head);
        held = opcode(in) == FuseOpcode.WRITE.code() && length - head >= MIN_SPLICED ? length - head : 0;
        readInto(in, (int) (length - head - held));
        return length;
    }

    /** Bytes of the current request left in the pipe. */
    int held() {
        return (int) held;
    }

    @Override
    public long moveTo(int fd, long offset, long length) {
        if (length > held) {
            throw new IllegalStateException(length + " bytes asked of the pipe, " + held + " held");
        }
        long moved = Sys.splice(readEnd, -1, fd, offset, length, Linux.SPLICE_F_MOVE);
        held -= moved;
        return moved;
    }

    /** Drops what a failed WRITE left in the pipe, reading it into scratch, so the next request starts clean. */
    void discardHeld(ByteBuffer scratch) {
        while (held > 0) {
            scratch.clear().limit((int) Math.min(held, scratch.capacity()));
            held -= Sys.read(readEnd, scratch);
        }
    }

    private void readInto(ByteBuffer in, int count) {
        int end = in.position() + count;
        in.limit(end);
        while (in.position() < end) {
            if (Sys.read(readEnd, in) == 0) {
                throw new ErrnoException(Errno.EIO, "request pipe ended early");
            }
        }
        in.limit(in.capacity());
    }

    /** The opcode of the request header at the start of in (little-endian), -1 if it is shorter than that. */
    private static int opcode(ByteBuffer in) {
        if (in.position() < 8) {
            return -1;
        }
        return (in.get(4) & 0xff) | (in.get(5) & 0xff) << 8 | (in.get(6) & 0xff) << 16 | (in.get(7) & 0xff) << 24;
    }

    @Override
    public void close() {
        Sys.close(readEnd);
        Sys.close(writeEnd);
    }
}
