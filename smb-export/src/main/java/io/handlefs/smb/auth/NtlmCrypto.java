package io.handlefs.smb.auth;

import org.bouncycastle.crypto.digests.MD4Digest;
import org.bouncycastle.crypto.engines.RC4Engine;
import org.bouncycastle.crypto.params.KeyParameter;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/** The NTLM primitives, [MS-NLMP] 3.3.2 and 3.4: NT hash (MD4), HMAC-MD5, MD5, RC4 — all library code. */
public final class NtlmCrypto {
    private NtlmCrypto() {}

    /** NTOWFv1: MD4 of the UTF-16LE password. */
    public static byte[] ntHash(String password) {
        byte[] p = password.getBytes(StandardCharsets.UTF_16LE);
        MD4Digest md4 = new MD4Digest();
        md4.update(p, 0, p.length);
        byte[] out = new byte[16];
        md4.doFinal(out, 0);
        return out;
    }

    public static byte[] hmacMd5(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-MD5 unavailable", e);
        }
    }

    static byte[] md5(byte[]... parts) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            for (byte[] p : parts) {
                md5.update(p);
            }
            return md5.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    /** A keyed RC4 stream: NTLM seals with one stream per direction that runs across messages. */
    static RC4Engine rc4(byte[] key) {
        RC4Engine rc4 = new RC4Engine();
        rc4.init(true, new KeyParameter(key));
        return rc4;
    }

    static byte[] rc4(RC4Engine rc4, byte[] data) {
        byte[] out = new byte[data.length];
        rc4.processBytes(data, 0, data.length, out, 0);
        return out;
    }

    /** NTOWFv2: HMAC-MD5 of the NT hash over the upper-cased user name and the domain. */
    public static byte[] ntowfv2(byte[] ntHash, String user, String domain) {
        return hmacMd5(ntHash, (user.toUpperCase(java.util.Locale.ROOT) + domain).getBytes(StandardCharsets.UTF_16LE));
    }
}
