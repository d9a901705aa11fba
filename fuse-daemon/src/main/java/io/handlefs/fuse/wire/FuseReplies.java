package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reply framing into a caller-provided (direct) buffer, without allocating.
 *
 * <p>The out header always sits at absolute index 0 of the reply buffer:
 * <pre>
 *   FuseReplies.begin(out);             // clear, position 16
 *   entryOut.encode(out);               // body at 16..
 *   int n = FuseReplies.finish(out, unique);   // header patched, out flipped: [0, n)
 *   channel.write(out);
 * </pre>
 * A body written absolutely (e.g. file data read straight into {@code out} at index 16) is
 * framed with {@link #finish(ByteBuffer, long, int)}. After {@code finish}, {@code error} and
 * {@code empty}, out's position is 0 and its limit is the reply length: ready for write(2).
 */
public final class FuseReplies {

    private FuseReplies() {
    }

    /** Clears out, sets it little-endian, and reserves the 16-byte header: position 16. */
    public static void begin(ByteBuffer out) {
        out.clear();
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.position(FuseOutHeader.SIZE);
    }

    /**
     * Frames a body written from index 16 up to out's position: patches the header (len, error
     * 0, unique), then flips out. Returns the total length.
     */
    public static int finish(ByteBuffer out, long unique) {
        int total = out.position();
        if (total < FuseOutHeader.SIZE) {
            throw new IllegalStateException("begin() not called: position " + total);
        }
        FuseOutHeader.put(out, 0, total, 0, unique);
        out.limit(total).position(0);
        return total;
    }

    /**
     * Frames a body of {@code bodyLen} bytes already written at index 16 (position ignored):
     * patches the header, sets position 0 and limit 16 + bodyLen. Returns the total length.
     */
    public static int finish(ByteBuffer out, long unique, int bodyLen) {
        int total = FuseOutHeader.SIZE + bodyLen;
        if (bodyLen < 0 || total > out.capacity()) {
            throw new IllegalArgumentException("body of " + bodyLen + " bytes");
        }
        FuseOutHeader.put(out, 0, total, 0, unique);
        out.limit(total).position(0);
        return total;
    }

    /** A success reply with no body (UNLINK, RMDIR, RENAME, RELEASE, FSYNC, ...). */
    public static int empty(ByteBuffer out, long unique) {
        begin(out);
        return finish(out, unique);
    }

    /**
     * An error reply: header only, error = -errno.
     *
     * @param errno a positive Linux errno
     */
    public static int error(ByteBuffer out, long unique, int errno) {
        if (errno <= 0 || errno >= 4096) {
            throw new IllegalArgumentException("errno must be a positive Linux errno: " + errno);
        }
        begin(out);
        FuseOutHeader.put(out, 0, FuseOutHeader.SIZE, -errno, unique);
        out.limit(FuseOutHeader.SIZE).position(0);
        return FuseOutHeader.SIZE;
    }

    /** A success reply with one struct body. */
    public static int reply(ByteBuffer out, long unique, FuseReplyBody body) {
        begin(out);
        body.encode(out);
        return finish(out, unique);
    }

    /** A success reply whose body is these bytes (READ, GETXATTR value, LISTXATTR list). */
    public static int data(ByteBuffer out, long unique, ByteBuffer src) {
        begin(out);
        out.put(src);
        return finish(out, unique);
    }

    /** A success reply whose body is a raw-byte string without NUL (READLINK). */
    public static int string(ByteBuffer out, long unique, String raw) {
        FuseNames.checkRaw(raw);
        begin(out);
        FuseNames.put(out, raw);
        return finish(out, unique);
    }
}
