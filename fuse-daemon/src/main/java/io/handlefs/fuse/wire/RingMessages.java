package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Requests and replies as FUSE over io_uring carries them (fuse_kernel.h 7.42, {@code struct
 * fuse_uring_req_header}, kernel {@code fs/fuse/dev_uring.c}): a request's fuse_in_header in
 * {@code in_out}, its first argument (the opcode's struct, possibly empty) in {@code op_in}, the
 * other arguments back to back in the entry's payload buffer; a reply's fuse_out_header in
 * {@code in_out} and all of its arguments in the payload buffer.
 *
 * <pre>
 * header (288 bytes)
 *     0  in_out[128]    fuse_in_header (request) / fuse_out_header (reply)
 *   128  op_in[128]     first request argument
 *   256  u64 flags
 *   264  u64 commit_id  the id to commit the reply under
 *   272  u32 payload_sz bytes used in the payload buffer (request: by the kernel; reply: by us)
 *   276  u32 padding    280 u64 reserved
 * </pre>
 *
 * <p>The daemon's decoder and bridge speak the /dev/fuse layout (header, then arguments), so an
 * entry's memory is a gap of {@link #GAP} bytes followed by the payload buffer the kernel fills:
 * the header and op_in are copied into the end of the gap, which makes the request contiguous
 * without copying the payload.
 */
public final class RingMessages {
    private RingMessages() {}

    public static final int HEADER_SIZE = 288;
    /** Room before the payload for the in_header and op_in of a request. */
    public static final int GAP = FuseInHeader.SIZE + 128 + 88;

    private static final int OP_IN = 128;
    private static final int OP_IN_SIZE = 128;
    private static final int COMMIT_ID = 264;
    private static final int PAYLOAD_SZ = 272;

    /** The header buffer of an entry: direct, little-endian. */
    public static ByteBuffer newHeader() {
        return ByteBuffer.allocateDirect(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The payload bytes of a request the kernel put in the entry. */
    public static int payloadSize(ByteBuffer header) {
        return header.getInt(PAYLOAD_SZ);
    }

    public static long commitId(ByteBuffer header) {
        return header.getLong(COMMIT_ID);
    }

    /**
     * Puts the request of an entry together in memory (GAP bytes, then the payload buffer of
     * payloadCapacity bytes) and returns the offset where it starts; it ends at GAP plus the
     * payload size. The request's length field says how much of it op_in holds.
     *
     * @throws FuseDecodeException BAD_LENGTH, with the header, when the lengths disagree
     */
    public static int assemble(ByteBuffer header, ByteBuffer memory, int payloadCapacity) throws FuseDecodeException {
        header.order(ByteOrder.LITTLE_ENDIAN);
        long len = Integer.toUnsignedLong(header.getInt(0));
        long payload = Integer.toUnsignedLong(header.getInt(PAYLOAD_SZ));
        long opIn = len - FuseInHeader.SIZE - payload;
        if (payload > payloadCapacity || opIn < 0 || opIn > OP_IN_SIZE) {
            FuseInHeader h;
            try {
                h = FuseInHeader.decode(header.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(0).limit(FuseInHeader.SIZE));
            } catch (FuseDecodeException unreachable) {
                h = null; // the header buffer always holds 40 bytes
            }
            throw new FuseDecodeException(FuseDecodeException.Reason.BAD_LENGTH,
                    "io_uring request of " + len + " bytes with a " + payload + "-byte payload", h);
        }
        int start = GAP - FuseInHeader.SIZE - (int) opIn;
        memory.put(start, header, 0, FuseInHeader.SIZE);
        memory.put(start + FuseInHeader.SIZE, header, OP_IN, (int) opIn);
        return start;
    }

    /**
     * Moves a reply encoded as for /dev/fuse (fuse_out_header and arguments, len bytes from
     * out's position 0) into an entry: the out header into in_out, the arguments into the payload
     * buffer (memory from GAP on), and their size into payload_sz.
     */
    public static void placeReply(ByteBuffer out, int len, ByteBuffer header, ByteBuffer memory) {
        header.put(0, out, 0, FuseOutHeader.SIZE);
        int args = len - FuseOutHeader.SIZE;
        memory.put(GAP, out, FuseOutHeader.SIZE, args);
        header.order(ByteOrder.LITTLE_ENDIAN).putInt(PAYLOAD_SZ, args);
    }
}
