package io.handlefs.smb.server;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongFunction;

/**
 * A WRITE served while its data is still arriving ({@link StreamedWrite}): the request is checked
 * when its head arrives, and each piece of data is written as it comes, so that writing the file
 * overlaps receiving the rest (smbclient keeps only two 8 MiB WRITEs in flight, so a WRITE's
 * response waiting for all of it to arrive and then be written idles both). The response goes out
 * once all the data is in: after the last piece is written, or, when the WRITE was refused or a
 * write failed, after the rest was dropped (a client may not expect a response to a request it is
 * still sending). Lives on the connection's executor, one piece at a time.
 */
final class IncomingWrite {
    /** Writes data at a file offset; returns the bytes written. */
    interface Sink {
        long write(ByteBuffer[] data, long offset);
    }

    private final int length;
    private int received;
    private Request request;
    private Reply refusal;
    private Sink sink;
    private boolean whole;
    private long offset;
    private LongFunction<Reply> done;
    private long written;
    private RuntimeException failure;
    /** The data received so far of a WRITE written whole. */
    private final List<ByteBuf> held = new ArrayList<>();

    IncomingWrite(int length) {
        this.length = length;
    }

    /**
     * The WRITE may proceed: its data goes to sink from offset, piece by piece or, when whole, in
     * one write once all of it is in (a write-through file pays a sync per write); done answers the
     * count written.
     */
    void admit(Sink to, long at, boolean inOneWrite, LongFunction<Reply> answer) {
        sink = to;
        offset = at;
        whole = inOneWrite;
        done = answer;
    }

    /** The request was served: reply is what to answer if it was not admitted. */
    void served(Request req, Reply reply) {
        request = req;
        if (sink == null) {
            refusal = reply;
        }
    }

    Request request() {
        return request;
    }

    /** The next piece of data (the caller keeps its own reference); true when it completes the data. */
    boolean accept(ByteBuf piece) {
        received += piece.readableBytes();
        if (sink != null && failure == null) {
            if (whole) {
                held.add(piece.retain());
            } else {
                write(piece.isDirect() ? piece.nioBuffers() : direct(List.of(piece)));
            }
        }
        boolean complete = received >= length;
        if (complete && !held.isEmpty()) {
            write(direct(held));
            discard();
        }
        return complete;
    }

    /** Releases the data held back for one write (all of it written, or the connection gone). */
    void discard() {
        held.forEach(ByteBuf::release);
        held.clear();
    }

    /** The response, once all the data is in; throws what a write threw. */
    Reply reply() {
        if (sink == null) {
            return refusal;
        }
        if (failure != null) {
            throw failure;
        }
        return done.apply(written);
    }

    private void write(ByteBuffer[] data) {
        try {
            written += sink.write(data, offset + written);
        } catch (RuntimeException e) {
            failure = e; // answered once the rest has arrived
        }
    }

    /**
     * The bytes as direct buffers (what the syscall layer writes from): their own, else a copy. A
     * piece received in direct memory (the usual case) does not come here: it is written as it is.
     */
    private static ByteBuffer[] direct(List<ByteBuf> data) {
        List<ByteBuffer> own = new ArrayList<>();
        int size = 0;
        for (ByteBuf b : data) {
            size += b.readableBytes();
            if (own != null && b.isDirect()) {
                Collections.addAll(own, b.nioBuffers());
            } else {
                own = null;
            }
        }
        if (own != null) {
            return own.toArray(ByteBuffer[]::new);
        }
        ByteBuffer copy = IoBuffers.direct(size);
        data.forEach(b -> copy.put(b.nioBuffer()));
        return new ByteBuffer[] {copy.flip()};
    }
}
