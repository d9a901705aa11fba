package io.handlefs.smb.auth;

import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** NTLMv2 against the [MS-NLMP] 4.2.4 vectors, a whole exchange with a simulated client, and junk. */
class NtlmTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void msNlmpVectors() {
        byte[] ntHash = NtlmCrypto.ntHash("Password");
        assertEquals("a4f49c406510bdcab6824ee7c30fd852", HEX.formatHex(ntHash));
        byte[] owf = NtlmCrypto.ntowfv2(ntHash, "User", "Domain");
        assertEquals("0c868a403bfd7a93a3001ef22ef02e3f", HEX.formatHex(owf));
        byte[] targetInfo = HEX.parseHex("02000c0044006f006d00610069006e00" + "01000c0053006500720076006500720000000000");
        byte[] temp = blob(new byte[8], HEX.parseHex("aaaaaaaaaaaaaaaa"), targetInfo);
        byte[] proof = NtlmCrypto.hmacMd5(owf, HEX.parseHex("0123456789abcdef"), temp);
        assertEquals("68cd0ab851e51c96aabc927bebef6a1c", HEX.formatHex(proof));
        assertEquals("8de40ccadbc14a82f15cb0ad0de95ca3", HEX.formatHex(NtlmCrypto.hmacMd5(owf, proof)));
    }

    /** The NTLMv2 client blob ("temp"), [MS-NLMP] 3.3.2. */
    static byte[] blob(byte[] time, byte[] clientChallenge, byte[] targetInfo) {
        ByteBuffer b = ByteBuffer.allocate(28 + targetInfo.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).put((byte) 1).putShort((short) 0).putInt(0).put(time).put(clientChallenge).putInt(0);
        b.put(targetInfo).putInt(0);
        return b.array();
    }

    private static UserDatabase users() {
        return UserDatabase.empty().with(new UserDatabase.User("alice", 1000, 1000, NtlmCrypto.ntHash("s3cret")));
    }

    /** What a client sends as AUTHENTICATE for this challenge and password; the random session key is returned in key. */
    static byte[] authenticate(byte[] challengeToken, String user, String domain, String password, byte[] key) {
        NtlmChallenge c = NtlmChallenge.decode(challengeToken);
        byte[] owf = NtlmCrypto.ntowfv2(NtlmCrypto.ntHash(password), user, domain);
        byte[] clientChallenge = new byte[8];
        new SecureRandom().nextBytes(clientChallenge);
        byte[] temp = blob(new byte[8], clientChallenge, c.targetInfo());
        byte[] proof = NtlmCrypto.hmacMd5(owf, c.serverChallenge(), temp);
        byte[] nt = ByteBuffer.allocate(16 + temp.length).put(proof).put(temp).array();
        byte[] kek = NtlmCrypto.hmacMd5(owf, proof);
        byte[] encrypted = NtlmCrypto.rc4(NtlmCrypto.rc4(kek), key);
        return new NtlmAuthenticate(new byte[24], nt, domain, user, "WS", encrypted, c.flags(), new byte[0]).encode();
    }

    @Test
    void exchangeWithASimulatedClient() {
        NtlmServer server = new NtlmServer(users(), "HANDLEFS", "WORKGROUP");
        int flags = NtlmFlags.UNICODE | NtlmFlags.EXTENDED_SESSIONSECURITY | NtlmFlags.KEY_128 | NtlmFlags.KEY_EXCH
                | NtlmFlags.SIGN;
        byte[] challenge = server.challenge(new NtlmNegotiate(flags).encode());
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        NtlmServer.Result r = server.authenticate(authenticate(challenge, "Alice", "WORKGROUP", "s3cret", key));
        assertEquals("alice", r.user().name());
        assertArrayEquals(key, r.sessionKey());
    }

    @Test
    void wrongPasswordUnknownUserAndAnonymousAreRefused() {
        for (String[] who : new String[][] {{"alice", "nope"}, {"bob", "s3cret"}, {"", ""}}) {
            NtlmServer server = new NtlmServer(users(), "HANDLEFS", "WORKGROUP");
            byte[] challenge = server.challenge(new NtlmNegotiate(NtlmFlags.UNICODE | NtlmFlags.KEY_EXCH).encode());
            byte[] token = authenticate(challenge, who[0], "", who[1], new byte[16]);
            SmbException e = assertThrows(SmbException.class, () -> server.authenticate(token));
            assertEquals(NtStatus.LOGON_FAILURE, e.status());
        }
    }

    @Test
    void aMalformedNtlmV2ClientChallengeIsInvalidNotAWrongPassword() {
        NtlmServer server = new NtlmServer(users(), "HANDLEFS", "WORKGROUP");
        NtlmChallenge c = NtlmChallenge.decode(server.challenge(new NtlmNegotiate(NtlmFlags.UNICODE).encode()));
        byte[] owf = NtlmCrypto.ntowfv2(NtlmCrypto.ntHash("s3cret"), "alice", "");
        // an AV pair (MsvAvNbDomainName) claiming more bytes than the blob holds, before any MsvAvEOL
        byte[] overrun = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 2)
                .putShort((short) 0x7000).array();
        byte[] temp = blob(new byte[8], new byte[8], overrun);
        byte[] proof = NtlmCrypto.hmacMd5(owf, c.serverChallenge(), temp);
        byte[] nt = ByteBuffer.allocate(16 + temp.length).put(proof).put(temp).array();
        byte[] token = new NtlmAuthenticate(new byte[24], nt, "", "alice", "WS", new byte[0], c.flags(), new byte[0])
                .encode();
        SmbException e = assertThrows(SmbException.class, () -> server.authenticate(token));
        assertEquals(NtStatus.INVALID_PARAMETER, e.status());
    }

    @Test
    void junkTokensOnlyFailWithAStatus() {
        Random random = new Random(3);
        for (int i = 0; i < 2000; i++) {
            Authenticator a = new Authenticator(users(), "HANDLEFS", "WORKGROUP");
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            if (i % 3 == 0 && junk.length >= 12) {
                System.arraycopy(NtlmMessage.SIGNATURE, 0, junk, 0, 8);
                junk[8] = (byte) (1 + i % 3);
                junk[9] = junk[10] = junk[11] = 0;
            }
            try {
                a.accept(junk);
                a.accept(junk);
            } catch (SmbException expected) {
                // refused with a status
            } catch (RuntimeException e) {
                fail("junk token threw " + e, e);
            }
        }
    }

    @Test
    void userDatabaseRoundTripIsPrivate(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve(UserDatabase.FILE_NAME);
        users().save(file);
        UserDatabase back = UserDatabase.load(file);
        assertArrayEquals(NtlmCrypto.ntHash("s3cret"), back.find("ALICE").orElseThrow().ntHash());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Files.writeString(file, "alice:1000:1000:zz\n");
        assertThrows(java.io.IOException.class, () -> UserDatabase.load(file));
    }
}
