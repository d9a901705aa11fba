package io.handlefs.sys;

import java.nio.charset.StandardCharsets;

/**
 * Linux names are bytes, not text. Every String that names a file in {@link Sys} is a
 * <em>raw name</em>: one char per byte, each char in 0..255 (ISO-8859-1), so any name the kernel
 * holds — including ones that are not valid UTF-8 — round-trips unchanged. This class converts
 * between raw names, their bytes, and Unicode text (UTF-8 on disk).
 */
public final class RawNames {
    private RawNames() {}

    /** The raw name for Unicode text stored as UTF-8, e.g. {@code "é"} → {@code "\u00c3\u00a9"}. */
    public static String fromUnicode(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The Unicode text of a raw name, decoding its bytes as UTF-8 (malformed bytes become U+FFFD). */
    public static String toUnicode(String raw) {
        return new String(bytes(raw), StandardCharsets.UTF_8);
    }

    /** The bytes of a raw name (no terminating NUL). */
    public static byte[] bytes(String raw) {
        byte[] b = new byte[raw.length()];
        for (int i = 0; i < b.length; i++) {
            char c = raw.charAt(i);
            if (c > 0xff) {
                throw new IllegalArgumentException("not a raw name: char " + (int) c + " at " + i);
            }
            b[i] = (byte) c;
        }
        return b;
    }

    /** The raw name of the given bytes. */
    public static String of(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The raw name of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static String of(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    /** Whether every char of {@code s} is a byte (0..255), i.e. {@code s} is a raw name. */
    public static boolean isRaw(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                return false;
            }
        }
        return true;
    }
}
