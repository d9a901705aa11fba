package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked little-endian reader over one SMB2 message. Positions and the offsets that
 * SMB2 fields carry are counted from the start of the message's SMB2 header. Every read past the
 * end throws {@link SmbDecodeException}; no BufferUnderflowException escapes.
 */
public final class WireReader {
    private final ByteBuffer buf;
    private int pos;

    private WireReader(ByteBuffer message, int pos) {
        this.buf = message.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.pos = pos;
    }

    /** A reader of the message (index 0: its SMB2 header) starting at {@code position}. */
    public static WireReader at(ByteBuffer message, int position) {
        return new WireReader(message, position);
    }

    public int position() {
        return pos;
    }

    public int length() {
        return buf.limit();
    }

    private int take(int n) {
        if (n < 0 || pos > buf.limit() - n) {
            throw new SmbDecodeException(SmbDecodeException.Kind.TRUNCATED, n + " bytes at " + pos + " of " + buf.limit());
        }
        int at = pos;
        pos += n;
        return at;
    }

    public int u8() {
        return Byte.toUnsignedInt(buf.get(take(1)));
    }

    public int u16() {
        return Short.toUnsignedInt(buf.getShort(take(2)));
    }

    /** An unsigned 32-bit field that must fit an int (lengths, offsets, counts): larger is hostile. */
    public int u32Int(String field) {
        long v = u32();
        if (v > Integer.MAX_VALUE) {
            throw new SmbDecodeException(SmbDecodeException.Kind.TOO_LARGE, field + " = " + v);
        }
        return (int) v;
    }

    public long u32() {
        return Integer.toUnsignedLong(buf.getInt(take(4)));
    }

    /** A 32-bit field kept as its bit pattern (flags, codes). */
    public int bits32() {
        return buf.getInt(take(4));
    }

    public long u64() {
        return buf.getLong(take(8));
    }

    public byte[] bytes(int n) {
        byte[] b = new byte[n];
        buf.get(take(n), b);
        return b;
    }

    public void skip(int n) {
        take(n);
    }

    /** Reads the StructureSize field and checks it against the size this message must declare. */
    public void structureSize(int expected, String message) {
        int size = u16();
        if (size != expected) {
            throw new SmbDecodeException(SmbDecodeException.Kind.BAD_VALUE, message + " StructureSize " + size);
        }
    }

    /** {@code length} bytes at {@code offset} from the header start; empty when length is 0. */
    public byte[] slice(long offset, long length, String field) {
        if (length == 0) {
            return new byte[0];
        }
        if (offset < 0 || length < 0 || offset > buf.limit() || length > buf.limit() - offset) {
            throw new SmbDecodeException(SmbDecodeException.Kind.OUT_OF_BOUNDS,
                    field + " at " + offset + " length " + length + " in " + buf.limit());
        }
        byte[] b = new byte[(int) length];
        buf.get((int) offset, b);
        return b;
    }

    /** A UTF-16LE string at an offset; an odd length is malformed. */
    public String utf16(long offset, long length, String field) {
        if ((length & 1) != 0) {
            throw new SmbDecodeException(SmbDecodeException.Kind.BAD_VALUE, field + " has odd length " + length);
        }
        return new String(slice(offset, length, field), StandardCharsets.UTF_16LE);
    }
}
