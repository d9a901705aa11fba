package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Raw-byte names. A name on the wire is a NUL-terminated byte string; in Java it is a
 * {@code String} holding one char per byte (ISO-8859-1), so every Linux name round-trips whatever
 * its encoding.
 */
public final class FuseNames {

    /** Longest file name in bytes, without the NUL (Linux NAME_MAX). */
    public static final int NAME_MAX = 255;
    /** Longest xattr name in bytes (Linux XATTR_NAME_MAX). */
    public static final int XATTR_NAME_MAX = 255;
    /** Longest path in bytes, with the NUL (Linux PATH_MAX). */
    public static final int PATH_MAX = 4096;

    private FuseNames() {
    }

    /** The raw-byte string for these bytes. */
    public static String fromBytes(byte[] raw) {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    /**
     * The bytes of a raw-byte string.
     *
     * @throws IllegalArgumentException if a char is above 0xFF (not a raw-byte string)
     */
    public static byte[] toBytes(String raw) {
        checkRaw(raw);
        return raw.getBytes(StandardCharsets.ISO_8859_1);
    }

    static void checkRaw(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) > 0xFF) {
                throw new IllegalArgumentException("not a raw-byte name: char " + i + " is > 0xFF");
            }
        }
    }

    /** Writes the raw-byte string's bytes at out's position (no NUL), without allocating. */
    static void put(ByteBuffer out, String raw) {
        for (int i = 0; i < raw.length(); i++) {
            out.put((byte) raw.charAt(i));
        }
    }

    /** What a string field may hold. */
    enum Kind {
        /** A path component: 1..255 bytes, no '/'. */
        COMPONENT(NAME_MAX, false),
        /** An xattr name: 1..255 bytes. */
        XATTR(XATTR_NAME_MAX, true),
        /** A symlink target: 1..4095 bytes. */
        TARGET(PATH_MAX - 1, true),
        /** The TMPFILE dentry name ("/"): 1..255 bytes, '/' allowed. */
        TMPFILE(NAME_MAX, true);

        final int max;
        final boolean slashAllowed;

        Kind(int max, boolean slashAllowed) {
            this.max = max;
            this.slashAllowed = slashAllowed;
        }
    }

    /**
     * Reads a NUL-terminated string at b's position and advances past the NUL.
     *
     * @throws FuseDecodeException MISSING_NUL, EMPTY_NAME, NAME_TOO_LONG or BAD_NAME
     */
    static String read(ByteBuffer b, Kind kind, String what) throws FuseDecodeException {
        int start = b.position();
        int limit = b.limit();
        int nul = -1;
        boolean slash = false;
        for (int i = start; i < limit; i++) {
            byte c = b.get(i);
            if (c == 0) {
                nul = i;
                break;
            }
            if (c == '/') {
                slash = true;
            }
        }
        if (nul < 0) {
            throw new FuseDecodeException(FuseDecodeException.Reason.MISSING_NUL,
                    what + " not NUL-terminated within " + (limit - start) + " bytes");
        }
        int len = nul - start;
        if (len == 0) {
            throw new FuseDecodeException(FuseDecodeException.Reason.EMPTY_NAME, what + " is empty");
        }
        if (len > kind.max) {
            throw new FuseDecodeException(FuseDecodeException.Reason.NAME_TOO_LONG,
                    what + " is " + len + " bytes, max " + kind.max);
        }
        if (slash && !kind.slashAllowed) {
            throw new FuseDecodeException(FuseDecodeException.Reason.BAD_NAME, what + " contains '/'");
        }
        byte[] raw = new byte[len];
        b.get(raw);
        b.get(); // the NUL
        return new String(raw, StandardCharsets.ISO_8859_1);
    }
}
