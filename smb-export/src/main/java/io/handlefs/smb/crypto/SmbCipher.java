package io.handlefs.smb.crypto;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import java.util.Arrays;

/**
 * The SMB 3.x ciphers, [MS-SMB2] 2.2.3.1.2 ids, with their key and nonce sizes. CCM takes the
 * first 11 bytes of the transform header's nonce field, GCM the first 12; the tag is 16 bytes.
 */
public enum SmbCipher {
    AES_128_CCM(1, 16, 11, true),
    AES_128_GCM(2, 16, 12, false),
    AES_256_CCM(3, 32, 11, true),
    AES_256_GCM(4, 32, 12, false);

    private final int id;
    private final int keyBytes;
    private final int nonceBytes;
    private final boolean ccm;

    SmbCipher(int id, int keyBytes, int nonceBytes, boolean ccm) {
        this.id = id;
        this.keyBytes = keyBytes;
        this.nonceBytes = nonceBytes;
        this.ccm = ccm;
    }

    public int id() {
        return id;
    }

    public int keyBits() {
        return keyBytes * 8;
    }

    public int nonceBytes() {
        return nonceBytes;
    }

    public static SmbCipher ofId(int id) {
        for (SmbCipher c : values()) {
            if (c.id == id) {
                return c;
            }
        }
        return null;
    }

    private AEADBlockCipher cipher(boolean encrypt, byte[] key, byte[] nonce16, byte[] aad) {
        AEADBlockCipher c = ccm ? CCMBlockCipher.newInstance(AESEngine.newInstance())
                : GCMBlockCipher.newInstance(AESEngine.newInstance());
        c.init(encrypt, new AEADParameters(new KeyParameter(key), 128, Arrays.copyOf(nonce16, nonceBytes), aad));
        return c;
    }

    /** Encrypts; returns ciphertext followed by the 16-byte tag. */
    public byte[] seal(byte[] key, byte[] nonce16, byte[] aad, byte[] plain) {
        byte[] out = run(true, key, nonce16, aad, plain);
        if (out == null) {
            throw new IllegalStateException("encryption failed");
        }
        return out;
    }

    /** Decrypts ciphertext+tag; null when the tag does not match (a forged or damaged message). */
    public byte[] open(byte[] key, byte[] nonce16, byte[] aad, byte[] sealed) {
        return run(false, key, nonce16, aad, sealed);
    }

    private byte[] run(boolean encrypt, byte[] key, byte[] nonce16, byte[] aad, byte[] in) {
        AEADBlockCipher c = cipher(encrypt, key, nonce16, aad);
        byte[] out = new byte[c.getOutputSize(in.length)];
        int n = c.processBytes(in, 0, in.length, out, 0);
        try {
            c.doFinal(out, n);
            return out;
        } catch (InvalidCipherTextException e) {
            return null;
        }
    }
}
