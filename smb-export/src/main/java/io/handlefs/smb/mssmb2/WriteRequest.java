package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * SMB2 WRITE Request, [MS-SMB2] 2.2.21. The data is a view of the request buffer, in one piece,
 * or of the received frame's own buffers, in as many pieces as it arrived in; or none yet, when the
 * request is served while its data is still arriving ({@link #decodeStreamed}): then only
 * {@code length} says how much will come.
 */
public record WriteRequest(long offset, FileId fileId, int flags, int length, List<ByteBuffer> data) implements Smb2Body {
    public WriteRequest {
        data = List.copyOf(data);
        if (!data.isEmpty() && remaining(data) != length) {
            throw new IllegalArgumentException("WRITE data does not add up to its length " + length);
        }
    }

    public WriteRequest(long offset, FileId fileId, int flags, ByteBuffer data) {
        this(offset, fileId, flags, data.remaining(), List.of(data));
    }

    public static WriteRequest decode(ByteBuffer message) {
        return decode(message, null);
    }

    /**
     * Decodes a WRITE whose data, when {@code detached} is not null, was not copied into
     * {@code message} (which then ends at DataOffset) but is {@code detached}: the received frame's
     * own bytes.
     */
    public static WriteRequest decode(ByteBuffer message, ByteBuffer[] detached) {
        return decode(message, detached, false);
    }

    /**
     * Decodes a WRITE served before its data arrived: {@code message} ends at DataOffset, and the
     * data (Length bytes) follows on the connection; the request has no data.
     */
    public static WriteRequest decodeStreamed(ByteBuffer message) {
        return decode(message, null, true);
    }

    private static WriteRequest decode(ByteBuffer message, ByteBuffer[] detached, boolean streamed) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(49, "WRITE");
        int dataOffset = r.u16();
        int length = r.u32Int("Length");
        long offset = r.u64();
        FileId id = FileId.decode(r);
        r.skip(12);
        int flags = r.bits32();
        if (streamed) {
            if (dataOffset != message.limit()) {
                throw new SmbDecodeException(SmbDecodeException.Kind.OUT_OF_BOUNDS, "streamed WRITE data at " + dataOffset);
            }
            return new WriteRequest(offset, id, flags, length, List.of());
        }
        if (detached != null) {
            List<ByteBuffer> pieces = List.of(detached);
            if (remaining(pieces) != length || dataOffset != message.limit()) {
                throw new SmbDecodeException(SmbDecodeException.Kind.OUT_OF_BOUNDS, "WRITE data " + dataOffset + "+" + length);
            }
            return new WriteRequest(offset, id, flags, length, pieces);
        }
        if (length > 0 && (dataOffset > message.limit() || length > message.limit() - dataOffset)) {
            throw new SmbDecodeException(SmbDecodeException.Kind.OUT_OF_BOUNDS, "WRITE data " + dataOffset + "+" + length);
        }
        ByteBuffer data = message.duplicate();
        data.limit(length == 0 ? 0 : dataOffset + length).position(length == 0 ? 0 : dataOffset);
        return new WriteRequest(offset, id, flags, data.slice());
    }

    /** The bytes left in the pieces: a loop, not a stream, since every WRITE is checked with it. */
    private static long remaining(List<ByteBuffer> pieces) {
        long n = 0;
        for (ByteBuffer b : pieces) {
            n += b.remaining();
        }
        return n;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 49);                  // StructureSize (2)
        out.putShort((short) (Smb2Header.SIZE + 48)); // DataOffset (2)
        out.putInt(length);                        // Length (4)
        out.putLong(offset);                       // Offset (8)
        fileId.encode(out);                        // FileId (16)
        out.putInt(0);                             // Channel (4)
        out.putInt(0);                             // RemainingBytes (4)
        out.putShort((short) 0);                   // WriteChannelInfoOffset (2)
        out.putShort((short) 0);                   // WriteChannelInfoLength (2)
        out.putInt(flags);                         // Flags (4)
        for (ByteBuffer b : data) {
            out.put(b.duplicate());
        }
    }
}
