package io.handlefs.smb.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keys of one authenticated session, [MS-SMB2] 3.3.5.5.3: for 2.x the session key signs;
 * for 3.0 and 3.0.2 fixed labels and contexts; for 3.1.1 the preauthentication hash is the
 * context. "Encrypt" protects what the server sends, "decrypt" what it receives.
 */
public record SessionKeys(byte[] signing, byte[] encrypt, byte[] decrypt, byte[] application) {
    public SessionKeys {
        signing = signing.clone();
        encrypt = encrypt.clone();
        decrypt = decrypt.clone();
        application = application.clone();
    }

    @Override
    public byte[] signing() {
        return signing.clone();
    }

    @Override
    public byte[] encrypt() {
        return encrypt.clone();
    }

    @Override
    public byte[] decrypt() {
        return decrypt.clone();
    }

    @Override
    public byte[] application() {
        return application.clone();
    }

    private static byte[] z(String s) {
        return (s + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    /** Keys for a 2.x dialect: the (16-byte) session key signs; nothing is encrypted. */
    public static SessionKeys smb2(byte[] sessionKey) {
        byte[] key = Arrays.copyOf(sessionKey, 16);
        return new SessionKeys(key, new byte[0], new byte[0], key);
    }

    /** Keys for 3.0 and 3.0.2. */
    public static SessionKeys smb30(byte[] sessionKey) {
        byte[] key = Arrays.copyOf(sessionKey, 16);
        return new SessionKeys(
                Kdf.derive(key, z("SMB2AESCMAC"), z("SmbSign"), 128),
                Kdf.derive(key, z("SMB2AESCCM"), z("ServerOut"), 128),
                Kdf.derive(key, z("SMB2AESCCM"), z("ServerIn "), 128),
                Kdf.derive(key, z("SMB2APP"), z("SmbRpc"), 128));
    }

    /** Keys for 3.1.1: the context is the session's preauthentication hash; cipher keys as long as the cipher's. */
    public static SessionKeys smb311(byte[] sessionKey, byte[] preauthHash, int cipherKeyBits) {
        byte[] key = Arrays.copyOf(sessionKey, 16);
        return new SessionKeys(
                Kdf.derive(key, z("SMBSigningKey"), preauthHash, 128),
                Kdf.derive(key, z("SMBS2CCipherKey"), preauthHash, cipherKeyBits),
                Kdf.derive(key, z("SMBC2SCipherKey"), preauthHash, cipherKeyBits),
                Kdf.derive(key, z("SMBAppKey"), preauthHash, 128));
    }
}
