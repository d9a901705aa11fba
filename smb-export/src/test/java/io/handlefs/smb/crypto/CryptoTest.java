package io.handlefs.smb.crypto;

import io.handlefs.smb.mssmb2.Command;
import io.handlefs.smb.mssmb2.Smb2Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signing, sealing and key derivation: known answers where public ones exist, tampering otherwise. */
class CryptoTest {
    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    private static byte[] message() {
        ByteBuffer b = ByteBuffer.allocate(Smb2Header.SIZE + 4).order(ByteOrder.LITTLE_ENDIAN);
        new Smb2Header(1, 0, Command.ECHO.code(), 1, Smb2Header.FLAG_RESPONSE, 0, 42, 0, 1, 7, new byte[16]).encode(b);
        b.putShort((short) 4).putShort((short) 0);
        return b.array();
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void signaturesVerifyAndTamperingIsCaught(SigningAlgorithm a) {
        byte[] m = message();
        a.signInPlace(KEY, m, 0, m.length, false);
        byte[] signedBy = Arrays.copyOfRange(m, Smb2Header.SIGNATURE_OFFSET, Smb2Header.SIGNATURE_OFFSET + 16);
        assertFalse(Arrays.equals(new byte[16], signedBy));
        byte[] asClientSent = m.clone();
        // A server's own signature carries the server role (GMAC): re-sign as a client would to verify.
        if (a == SigningAlgorithm.AES_GMAC) {
            Arrays.fill(asClientSent, Smb2Header.SIGNATURE_OFFSET, Smb2Header.SIGNATURE_OFFSET + 16, (byte) 0);
            byte[] sig = a.sign(KEY, asClientSent, 0, asClientSent.length, false, false);
            System.arraycopy(sig, 0, asClientSent, Smb2Header.SIGNATURE_OFFSET, 16);
        }
        assertTrue(a.verify(KEY, asClientSent, 0, asClientSent.length, false));
        asClientSent[asClientSent.length - 1] ^= 1;
        assertFalse(a.verify(KEY, asClientSent, 0, asClientSent.length, false));
    }

    @Test
    void aesCmacMatchesRfc4493() {
        byte[] key = HexFormat.of().parseHex("2b7e151628aed2a6abf7158809cf4f3c");
        byte[] msg = HexFormat.of().parseHex("6bc1bee22e409f96e93d7e117393172a");
        assertEquals("070a16b46b4d4144f79bdd9dd04a287c",
                HexFormat.of().formatHex(SigningAlgorithm.AES_CMAC.sign(key, msg, 0, msg.length, false, false)));
    }

    @ParameterizedTest
    @EnumSource(SmbCipher.class)
    void sealedMessagesOpenAndForgeriesDoNot(SmbCipher c) {
        byte[] key = Arrays.copyOf(KEY, c.keyBits() / 8);
        byte[] nonce = new byte[16];
        nonce[0] = 9;
        byte[] aad = "transform header".getBytes(StandardCharsets.US_ASCII);
        byte[] plain = message();
        byte[] sealed = c.seal(key, nonce, aad, plain);
        assertEquals(plain.length + 16, sealed.length);
        assertArrayEquals(plain, c.open(key, nonce, aad, sealed));
        sealed[3] ^= 1;
        assertNull(c.open(key, nonce, aad, sealed));
    }

    @Test
    void keysDifferPerPurposeAndDialect() {
        byte[] session = HexFormat.of().parseHex("270e1ba896585eeb7af3472d3b4c75a7");
        SessionKeys k30 = SessionKeys.smb30(session);
        SessionKeys k311 = SessionKeys.smb311(session, new byte[64], 256);
        assertEquals(16, k30.signing().length);
        assertEquals(32, k311.encrypt().length);
        assertFalse(Arrays.equals(k30.encrypt(), k30.decrypt()));
        assertFalse(Arrays.equals(k30.signing(), k311.signing()));
        assertArrayEquals(session, SessionKeys.smb2(session).signing());
        assertArrayEquals(Kdf.derive(session, "L\0".getBytes(StandardCharsets.US_ASCII), new byte[] {1}, 256),
                Kdf.derive(session, "L\0".getBytes(StandardCharsets.US_ASCII), new byte[] {1}, 256));
    }
}
