package io.handlefs.smb.crypto;

import io.handlefs.smb.mssmb2.Smb2Header;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.macs.GMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The SMB2 signing algorithms, [MS-SMB2] 3.1.4.1, with their SMB2_SIGNING_CAPABILITIES ids:
 * HMAC-SHA256 for 2.0.2 and 2.1, AES-CMAC for 3.0 and 3.0.2 (and 3.1.1 by default), AES-GMAC
 * where 3.1.1 negotiates it.
 */
public enum SigningAlgorithm {
    HMAC_SHA256(0),
    AES_CMAC(1),
    AES_GMAC(2);

    private final int id;

    SigningAlgorithm(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public static SigningAlgorithm ofId(int id) {
        for (SigningAlgorithm a : values()) {
            if (a.id == id) {
                return a;
            }
        }
        return null;
    }

    /**
     * The 16-byte signature of one message (its signature field already zeroed). For GMAC the
     * nonce is the MessageId, then a word whose bit 0 says "sent by the server" and bit 1 "a
     * CANCEL request".
     */
    public byte[] sign(byte[] key, byte[] message, int offset, int length, boolean fromServer, boolean cancel) {
        switch (this) {
            case HMAC_SHA256 -> {
                try {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(key, "HmacSHA256"));
                    mac.update(message, offset, length);
                    return Arrays.copyOf(mac.doFinal(), 16);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("HMAC-SHA256 unavailable", e);
                }
            }
            case AES_CMAC -> {
                CMac mac = new CMac(AESEngine.newInstance());
                mac.init(new KeyParameter(key));
                mac.update(message, offset, length);
                byte[] out = new byte[16];
                mac.doFinal(out, 0);
                return out;
            }
            default -> {
                ByteBuffer nonce = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
                nonce.putLong(ByteBuffer.wrap(message, offset + 24, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
                nonce.putInt((fromServer ? 1 : 0) | (cancel ? 2 : 0));
                GMac mac = new GMac(GCMBlockCipher.newInstance(AESEngine.newInstance()), 128);
                mac.init(new ParametersWithIV(new KeyParameter(key), nonce.array()));
                mac.update(message, offset, length);
                byte[] out = new byte[16];
                mac.doFinal(out, 0);
                return out;
            }
        }
    }

    /** Signs the message in place: sets the SIGNED flag, zeroes and then fills the signature field. */
    public void signInPlace(byte[] key, byte[] message, int offset, int length, boolean cancel) {
        ByteBuffer b = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(offset + 16, b.getInt(offset + 16) | Smb2Header.FLAG_SIGNED);
        Arrays.fill(message, offset + Smb2Header.SIGNATURE_OFFSET, offset + Smb2Header.SIGNATURE_OFFSET + 16, (byte) 0);
        byte[] sig = sign(key, message, offset, length, true, cancel);
        System.arraycopy(sig, 0, message, offset + Smb2Header.SIGNATURE_OFFSET, 16);
    }

    /** Whether a received message carries the right signature (the message is left as it was). */
    public boolean verify(byte[] key, byte[] message, int offset, int length, boolean cancel) {
        byte[] copy = Arrays.copyOfRange(message, offset, offset + length);
        byte[] got = Arrays.copyOfRange(copy, Smb2Header.SIGNATURE_OFFSET, Smb2Header.SIGNATURE_OFFSET + 16);
        Arrays.fill(copy, Smb2Header.SIGNATURE_OFFSET, Smb2Header.SIGNATURE_OFFSET + 16, (byte) 0);
        return java.security.MessageDigest.isEqual(got, sign(key, copy, 0, length, false, cancel));
    }
}
