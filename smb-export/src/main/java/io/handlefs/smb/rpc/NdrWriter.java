package io.handlefs.smb.rpc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The little NDR 2.0 ([C706] 14) a server needs to answer: aligned integers, pointers, strings. */
final class NdrWriter {
    private ByteBuffer out = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
    private int nextReferent = 0x20000;

    private void room(int n) {
        if (out.remaining() < n + 8) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + n + 64))
                    .order(ByteOrder.LITTLE_ENDIAN);
            out.flip();
            bigger.put(out);
            out = bigger;
        }
    }

    private void align(int n) {
        room(n);
        while (out.position() % n != 0) {
            out.put((byte) 0);
        }
    }

    NdrWriter u32(int v) {
        align(4);
        out.putInt(v);
        return this;
    }

    /** A non-null unique or full pointer: a fresh referent id. */
    NdrWriter pointer() {
        return u32(nextReferent += 4);
    }

    NdrWriter nullPointer() {
        return u32(0);
    }

    /** A conformant varying string with its NUL: max count, offset 0, actual count, UTF-16LE. */
    NdrWriter string(String s) {
        byte[] b = (s + "\0").getBytes(StandardCharsets.UTF_16LE);
        int chars = b.length / 2;
        u32(chars).u32(0).u32(chars);
        room(b.length);
        out.put(b);
        return this;
    }

    byte[] bytes() {
        return Arrays.copyOf(out.array(), out.position());
    }
}
