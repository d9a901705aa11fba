package io.handlefs.codec;

import io.handlefs.codec.HandleDecodeException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The wire form of a {@link FileHandle}: what handlefs hands to the outside (SMB persistent
 * handles, LOOKUP_HANDLE) and must accept back only if it issued it. The tag is an HMAC under the
 * export's secret, so a client that knows the lower filesystem's handle layout still cannot forge
 * a handle to a file it was never given.
 *
 * <pre>
 * offset  size  field          encoding
 *      0     2  magic          'h' 'F' (0x68 0x46)
 *      2     1  version        u8, 1
 *      3     1  reserved       u8, 0 (flags; any bit set is refused)
 *      4     4  export id      u32 little-endian
 *      8     8  fsid           u64 little-endian
 *     16     4  handle type    i32 little-endian (name_to_handle_at's handle_type)
 *     20     1  handle length  u8, n in 1..128
 *     21     n  handle bytes   name_to_handle_at's f_handle, verbatim
 *   21+n    16  tag            HMAC-SHA256(secret, bytes 0 .. 20+n), first 16 bytes
 *
 * total 37 + n bytes: {@link #MIN_WIRE_BYTES} (38) .. {@link #MAX_WIRE_BYTES} (165)
 * </pre>
 *
 * <p>{@link #decode} checks in this order and stops at the first failure: total length at least
 * the minimum ({@code TRUNCATED}), at most the maximum ({@code OVERSIZED}), magic
 * ({@code BAD_MAGIC}), version ({@code BAD_VERSION}), reserved byte ({@code BAD_FORMAT}), handle
 * length in 1..128 ({@code BAD_FORMAT}), total length exactly 37 + n ({@code TRUNCATED} if short;
 * {@code BAD_FORMAT} if long, because such a handle is within the size bound and only
 * inconsistent with itself), and last the tag ({@code BAD_MAC}), compared in constant time. No
 * other exception escapes, whatever the bytes.
 *
 * <p>Thread-safe: each thread keeps its own {@link Mac}.
 */
public final class HandleCodec {
    private static final byte MAGIC_0 = 'h';
    private static final byte MAGIC_1 = 'F';
    private static final int VERSION = 1;
    private static final int HEADER_BYTES = 21;
    private static final int LENGTH_OFFSET = 20;
    private static final int TAG_BYTES = 16;
    private static final int MIN_SECRET_BYTES = 16;
    private static final int NEW_SECRET_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The shortest wire handle: a 1-byte kernel handle. */
    public static final int MIN_WIRE_BYTES = HEADER_BYTES + 1 + TAG_BYTES;
    /** The longest wire handle: a {@link FileHandle#MAX_HANDLE_BYTES}-byte kernel handle. */
    public static final int MAX_WIRE_BYTES = HEADER_BYTES + FileHandle.MAX_HANDLE_BYTES + TAG_BYTES;

    private final ThreadLocal<Mac> mac;

    /**
     * @param secretKey the export's secret, at least 16 bytes; copied, so the caller may wipe it
     * @throws IllegalArgumentException if the secret is shorter than 16 bytes
     */
    public HandleCodec(byte[] secretKey) {
        Objects.requireNonNull(secretKey, "secretKey");
        if (secretKey.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("secret of " + secretKey.length + " bytes, at least "
                    + MIN_SECRET_BYTES + " needed");
        }
        SecretKeySpec key = new SecretKeySpec(secretKey, ALGORITHM);
        // Initialise one Mac now so that a provider problem shows at construction, not per request.
        Mac first = newMac(key);
        mac = ThreadLocal.withInitial(() -> newMac(key));
        mac.set(first);
    }

    /** A fresh random secret of 32 bytes, for a new export. */
    public static byte[] newSecret() {
        byte[] secret = new byte[NEW_SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /** The wire form of {@code h}, tagged under this codec's secret. */
    public byte[] encode(FileHandle h) {
        byte[] handleBytes = h.handleBytes();
        int bodyLength = HEADER_BYTES + handleBytes.length;
        byte[] wire = new byte[bodyLength + TAG_BYTES];
        ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN)
                .put(MAGIC_0)
                .put(MAGIC_1)
                .put((byte) VERSION)
                .put((byte) 0)
                .putInt(h.exportId())
                .putLong(h.fsId())
                .putInt(h.handleType())
                .put((byte) handleBytes.length)
                .put(handleBytes);
        System.arraycopy(tag(wire, bodyLength), 0, wire, bodyLength, TAG_BYTES);
        return wire;
    }

    /**
     * The handle that {@code wire} encodes, if this codec's secret authenticates it.
     *
     * @throws HandleDecodeException if {@code wire} is malformed or not authenticated; see the
     *                               class comment for the order of checks
     */
    public FileHandle decode(byte[] wire) throws HandleDecodeException {
        int length = wire.length;
        if (length < MIN_WIRE_BYTES) {
            throw new HandleDecodeException(Reason.TRUNCATED,
                    "wire handle of " + length + " bytes, at least " + MIN_WIRE_BYTES + " needed");
        }
        if (length > MAX_WIRE_BYTES) {
            throw new HandleDecodeException(Reason.OVERSIZED,
                    "wire handle of " + length + " bytes, at most " + MAX_WIRE_BYTES + " allowed");
        }
        if (wire[0] != MAGIC_0 || wire[1] != MAGIC_1) {
            throw new HandleDecodeException(Reason.BAD_MAGIC, String.format(
                    "wire handle of %d bytes starts 0x%02x%02x, not 0x%02x%02x",
                    length, wire[0], wire[1], MAGIC_0, MAGIC_1));
        }
        int version = Byte.toUnsignedInt(wire[2]);
        if (version != VERSION) {
            throw new HandleDecodeException(Reason.BAD_VERSION,
                    "wire handle version " + version + ", this build speaks " + VERSION);
        }
        if (wire[3] != 0) {
            throw new HandleDecodeException(Reason.BAD_FORMAT,
                    String.format("reserved byte 0x%02x, must be 0", wire[3]));
        }
        int handleLength = Byte.toUnsignedInt(wire[LENGTH_OFFSET]);
        if (handleLength == 0 || handleLength > FileHandle.MAX_HANDLE_BYTES) {
            throw new HandleDecodeException(Reason.BAD_FORMAT, "kernel handle length " + handleLength
                    + ", must be 1.." + FileHandle.MAX_HANDLE_BYTES);
        }
        int bodyLength = HEADER_BYTES + handleLength;
        int expected = bodyLength + TAG_BYTES;
        if (length != expected) {
            throw new HandleDecodeException(length < expected ? Reason.TRUNCATED : Reason.BAD_FORMAT,
                    "wire handle of " + length + " bytes, its " + handleLength
                            + "-byte kernel handle needs exactly " + expected);
        }
        if (!MessageDigest.isEqual(tag(wire, bodyLength), Arrays.copyOfRange(wire, bodyLength, length))) {
            throw new HandleDecodeException(Reason.BAD_MAC,
                    "tag does not authenticate wire handle of " + length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN);
        return new FileHandle(in.getInt(4), in.getLong(8), in.getInt(16),
                Arrays.copyOfRange(wire, HEADER_BYTES, bodyLength));
    }

    private byte[] tag(byte[] wire, int bodyLength) {
        Mac m = mac.get();
        m.update(wire, 0, bodyLength);
        return Arrays.copyOf(m.doFinal(), TAG_BYTES);
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac m = Mac.getInstance(ALGORITHM);
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            // Every Java SE platform must provide HmacSHA256, and any key of 16+ bytes suits it.
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        }
    }
}
