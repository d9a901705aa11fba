package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct fuse_entry_out} (128 bytes): the reply to LOOKUP, MKNOD, MKDIR, SYMLINK, LINK,
 * and the first half of CREATE / TMPFILE and of each READDIRPLUS entry.
 *
 * <pre>
 *  0 u64 nodeid        (0 in LOOKUP = negative entry, cached for entry_valid)
 *  8 u64 generation    nodeid:generation is unique for the filesystem's lifetime
 * 16 u64 entry_valid   name cache timeout, seconds
 * 24 u64 attr_valid    attribute cache timeout, seconds
 * 32 u32 entry_valid_nsec
 * 36 u32 attr_valid_nsec
 * 40 fuse_attr (88)
 * </pre>
 */
public record EntryOut(long nodeid, long generation, long entryValid, long attrValid,
        int entryValidNsec, int attrValidNsec, Attr attr) implements FuseReplyBody {

    public static final int SIZE = 40 + Attr.SIZE;

    @Override
    public int encodedSize() {
        return SIZE;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(nodeid).putLong(generation).putLong(entryValid).putLong(attrValid)
                .putInt(entryValidNsec).putInt(attrValidNsec);
        attr.encode(out);
    }

    /** Reads 128 bytes (for tests and tools). */
    public static EntryOut decode(ByteBuffer in) throws FuseDecodeException {
        if (in.remaining() < SIZE) {
            throw new FuseDecodeException(FuseDecodeException.Reason.SHORT_BODY, "fuse_entry_out");
        }
        in.order(ByteOrder.LITTLE_ENDIAN);
        return new EntryOut(in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getInt(),
                in.getInt(), Attr.decode(in));
    }
}
