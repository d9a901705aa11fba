package io.handlefs.smb.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The SP800-108 counter-mode KDF with HMAC-SHA256 that derives SMB 3.x keys, [MS-SMB2] 3.1.4.2:
 * one iteration {@code HMAC(Ki, [1]_32 || Label || 0x00 || Context || [L]_32)}, since L is
 * 128 or 256 bits, at most one SHA-256 block.
 */
public final class Kdf {
    private Kdf() {}

    public static byte[] derive(byte[] key, byte[] label, byte[] context, int bits) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(ByteBuffer.allocate(4).putInt(1).array());
            mac.update(label);
            mac.update((byte) 0);
            mac.update(context);
            mac.update(ByteBuffer.allocate(4).putInt(bits).array());
            return Arrays.copyOf(mac.doFinal(), bits / 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
