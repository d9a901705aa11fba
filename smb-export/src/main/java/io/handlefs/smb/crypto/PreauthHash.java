package io.handlefs.smb.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SMB 3.1.1 preauthentication integrity hash, [MS-SMB2] 3.3.5.4 and 3.3.5.5: starting from
 * 64 zero bytes, each NEGOTIATE and SESSION_SETUP message folds in as
 * {@code H = SHA-512(H || message)}. Immutable: folding returns the next value.
 */
public record PreauthHash(byte[] value) {
    public static final int SHA_512 = 0x0001;
    public static final PreauthHash INITIAL = new PreauthHash(new byte[64]);

    public PreauthHash {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public PreauthHash fold(byte[] message, int offset, int length) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-512");
            sha.update(value);
            sha.update(message, offset, length);
            return new PreauthHash(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 unavailable", e);
        }
    }
}
