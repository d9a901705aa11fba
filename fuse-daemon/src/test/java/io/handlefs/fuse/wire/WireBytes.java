package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/** Test helpers: hex vectors and a little-endian request builder. */
final class WireBytes {

    private WireBytes() {
    }

    static ByteBuffer hex(String hex) {
        byte[] b = HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Hex of the bytes from position to limit (position untouched). */
    static String hex(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] a = new byte[d.remaining()];
        d.get(a);
        return HexFormat.of().formatHex(a);
    }

    static byte[] array(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] a = new byte[d.remaining()];
        d.get(a);
        return a;
    }

    /** Little-endian body builder. */
    static final class Le {
        private final ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        Le u32(int v) {
            b.putInt(v);
            return this;
        }

        Le u64(long v) {
            b.putLong(v);
            return this;
        }

        Le u16(int v) {
            b.putShort((short) v);
            return this;
        }

        Le bytes(byte[] a) {
            b.put(a);
            return this;
        }

        Le zeros(int n) {
            b.put(new byte[n]);
            return this;
        }

        /** A raw-byte string plus NUL. */
        Le cstr(String s) {
            return bytes(FuseNames.toBytes(s)).zeros(1);
        }

        byte[] build() {
            ByteBuffer d = b.duplicate().flip();
            byte[] a = new byte[d.remaining()];
            d.get(a);
            return a;
        }
    }

    static Le le() {
        return new Le();
    }

    /** A full request: header (len computed) + body + extension bytes. */
    static ByteBuffer request(FuseOpcode op, long unique, long nodeid, byte[] body, byte[] ext) {
        return request(op.code(), unique, nodeid, body, ext);
    }

    static ByteBuffer request(int opcode, long unique, long nodeid, byte[] body, byte[] ext) {
        if (ext.length % 8 != 0) {
            throw new IllegalArgumentException("ext must be 8-aligned");
        }
        int len = FuseInHeader.SIZE + body.length + ext.length;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        new FuseInHeader(len, opcode, unique, nodeid, 1000, 1000, 4242, ext.length / 8, 0)
                .encode(b);
        b.put(body).put(ext).flip();
        return b;
    }

    static ByteBuffer request(FuseOpcode op, byte[] body) {
        return request(op, 99, 1, body, new byte[0]);
    }
}
