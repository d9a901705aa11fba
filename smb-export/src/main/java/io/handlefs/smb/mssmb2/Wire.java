package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Small encoding helpers shared by the message records. */
public final class Wire {
    private Wire() {}

    public static byte[] utf16(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    /** Zero bytes up to the next multiple of {@code align} of the buffer's position. */
    public static void pad(ByteBuffer out, int align) {
        while (out.position() % align != 0) {
            out.put((byte) 0);
        }
    }

    public static int align(int n, int align) {
        return (n + align - 1) / align * align;
    }

    /** The 64-bit FILETIME (100 ns since 1601) of a Unix time. */
    public static long filetime(long seconds, long nanos) {
        return seconds * 10_000_000L + nanos / 100 + 116_444_736_000_000_000L;
    }

    /** The Unix seconds and nanoseconds of a FILETIME, as {seconds, nanos}. */
    public static long[] unixTime(long filetime) {
        long t = filetime - 116_444_736_000_000_000L;
        return new long[] {Math.floorDiv(t, 10_000_000L), Math.floorMod(t, 10_000_000L) * 100};
    }

    /** A copy of a fixed-size field, which must have exactly {@code size} bytes. */
    public static byte[] exactly(byte[] field, int size, String name) {
        if (field.length != size) {
            throw new IllegalArgumentException(name + " must have " + size + " bytes, not " + field.length);
        }
        return field.clone();
    }
}
