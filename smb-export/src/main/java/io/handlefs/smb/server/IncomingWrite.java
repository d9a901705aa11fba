package io.handlefs.smb.server;

import java.nio.ByteBuffer;
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
    private long offset;
    private LongFunction<Reply> done;
    private long written;
    private RuntimeException failure;

    IncomingWrite(int length) {
        this.length = length;
    }

    /** The WRITE may proceed: its data goes to sink from offset; done answers the count written. */
    void admit(Sink to, long at, LongFunction<Reply> answer) {
        sink = to;
        offset = at;
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

    /** The next piece of data; true when it completes the data. */
    boolean accept(ByteBuffer[] piece) {
        for (ByteBuffer b : piece) {
            received += b.remaining();
        }
        if (sink != null && failure == null) {
            try {
                written += sink.write(piece, offset + written);
            } catch (RuntimeException e) {
                failure = e; // answered once the rest has arrived
            }
        }
        return received >= length;
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
}
