package io.handlefs.smb.auth;

import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.smb.mssmb2.Wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The server side of one NTLMSSP exchange, [MS-NLMP] 3.2.5: answers NEGOTIATE with a
 * CHALLENGE, then checks the AUTHENTICATE's NTLMv2 response against the user database.
 * NTLMv1, anonymous and guest logons are refused.
 */
public final class NtlmServer {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int AV_EOL = 0;
    private static final int AV_NB_COMPUTER = 1;
    private static final int AV_NB_DOMAIN = 2;
    private static final int AV_DNS_COMPUTER = 3;
    private static final int AV_DNS_DOMAIN = 4;
    private static final int AV_FLAGS = 6;
    private static final int AV_TIMESTAMP = 7;
    private static final int AV_FLAG_MIC_PRESENT = 0x2;
    /** What {@link #avFlags} answers for AV pairs out of bounds or without an MsvAvEOL. */
    private static final long MALFORMED = -1;
    private static final int NTLMV2_RESPONSE_MIN = 16 + 28;

    /** The outcome of a successful logon. */
    public record Result(UserDatabase.User user, byte[] sessionKey, NtlmSealing sealing) {}

    private final UserDatabase users;
    private final String computerName;
    private final String domainName;
    private byte[] negotiateBytes;
    private byte[] challengeBytes;
    private NtlmChallenge challenge;

    public NtlmServer(UserDatabase users, String computerName, String domainName) {
        this.users = users;
        this.computerName = computerName;
        this.domainName = domainName;
    }

    public byte[] challenge(byte[] negotiateToken) {
        NtlmNegotiate negotiate = NtlmNegotiate.decode(negotiateToken);
        byte[] serverChallenge = new byte[8];
        RANDOM.nextBytes(serverChallenge);
        int flags = (negotiate.flags() & NtlmFlags.ECHOED) | NtlmFlags.NTLM | NtlmFlags.TARGET_INFO
                | NtlmFlags.REQUEST_TARGET | NtlmFlags.TARGET_TYPE_SERVER | NtlmFlags.UNICODE;
        long now = Wire.filetime(System.currentTimeMillis() / 1000, (System.currentTimeMillis() % 1000) * 1_000_000);
        challenge = new NtlmChallenge(flags, serverChallenge, computerName, targetInfo(now));
        negotiateBytes = negotiateToken.clone();
        challengeBytes = challenge.encode();
        return challengeBytes.clone();
    }

    private byte[] targetInfo(long now) {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        av(b, AV_NB_DOMAIN, Wire.utf16(domainName));
        av(b, AV_NB_COMPUTER, Wire.utf16(computerName));
        av(b, AV_DNS_DOMAIN, Wire.utf16(domainName.toLowerCase(Locale.ROOT)));
        av(b, AV_DNS_COMPUTER, Wire.utf16(computerName.toLowerCase(Locale.ROOT)));
        av(b, AV_TIMESTAMP, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(now).array());
        av(b, AV_EOL, new byte[0]);
        return Arrays.copyOf(b.array(), b.position());
    }

    private static void av(ByteBuffer b, int id, byte[] value) {
        b.putShort((short) id).putShort((short) value.length).put(value);
    }

    /** Checks the AUTHENTICATE message; throws STATUS_LOGON_FAILURE for any refusal. */
    public Result authenticate(byte[] authenticateToken) {
        if (challenge == null) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "AUTHENTICATE before NEGOTIATE");
        }
        NtlmAuthenticate auth = NtlmAuthenticate.decode(authenticateToken);
        byte[] nt = auth.ntResponse();
        if (auth.user().isEmpty() || (auth.flags() & NtlmFlags.ANONYMOUS) != 0) {
            throw new SmbException(NtStatus.LOGON_FAILURE, "anonymous logon refused");
        }
        if (nt.length < NTLMV2_RESPONSE_MIN) {
            throw new SmbException(NtStatus.LOGON_FAILURE, "NTLMv1 refused for " + auth.user());
        }
        UserDatabase.User user = users.find(auth.user())
                .orElseThrow(() -> new SmbException(NtStatus.LOGON_FAILURE, "no such user " + auth.user()));
        byte[] proof = Arrays.copyOf(nt, 16);
        byte[] blob = Arrays.copyOfRange(nt, 16, nt.length);
        long avFlags = avFlags(blob);
        if (avFlags == MALFORMED) {
            // Malformed, not a wrong password: what Windows and Samba answer (Samba bug 14932).
            throw new SmbException(NtStatus.INVALID_PARAMETER, "malformed NTLMv2 client challenge from " + auth.user());
        }
        Set<String> domains = new LinkedHashSet<>();
        domains.add(auth.domain());
        domains.add(auth.domain().toUpperCase(Locale.ROOT));
        domains.add("");
        for (String domain : domains) {
            byte[] owf = NtlmCrypto.ntowfv2(user.ntHash(), auth.user(), domain);
            if (MessageDigest.isEqual(proof, NtlmCrypto.hmacMd5(owf, challenge.serverChallenge(), blob))) {
                return accept(auth, user, owf, proof, authenticateToken, (avFlags & AV_FLAG_MIC_PRESENT) != 0);
            }
        }
        throw new SmbException(NtStatus.LOGON_FAILURE, "wrong password for " + auth.user());
    }

    /** micPresent: the client's MsvAvFlags say "MIC present" (the MIC is then binding). */
    private Result accept(NtlmAuthenticate auth, UserDatabase.User user, byte[] owf, byte[] proof, byte[] token,
                          boolean micPresent) {
        byte[] keyExchangeKey = NtlmCrypto.hmacMd5(owf, proof);
        byte[] exported = keyExchangeKey;
        byte[] encrypted = auth.encryptedSessionKey();
        if ((auth.flags() & NtlmFlags.KEY_EXCH) != 0 && encrypted.length == 16) {
            exported = NtlmCrypto.rc4(NtlmCrypto.rc4(keyExchangeKey), encrypted);
        }
        if (auth.mic().length == 16 && micPresent) {
            byte[] zeroed = token.clone();
            Arrays.fill(zeroed, NtlmAuthenticate.MIC_OFFSET, NtlmAuthenticate.MIC_OFFSET + 16, (byte) 0);
            byte[] expected = NtlmCrypto.hmacMd5(exported, negotiateBytes, challengeBytes, zeroed);
            if (!MessageDigest.isEqual(Arrays.copyOf(expected, 16), auth.mic())) {
                throw new SmbException(NtStatus.LOGON_FAILURE, "bad NTLM MIC from " + auth.user());
            }
        }
        return new Result(user, exported, new NtlmSealing(exported, challenge.flags() & auth.flags()));
    }

    /**
     * The MsvAvFlags of an NTLMv2_CLIENT_CHALLENGE ([MS-NLMP] 2.2.2.7), 0 when absent, read in the
     * one walk that checks its AV pairs are in bounds up to an MsvAvEOL (bytes after it are
     * allowed: Windows pads); {@link #MALFORMED} when they are not.
     */
    private static long avFlags(byte[] blob) {
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        long flags = 0;
        int p = 28;
        while (p + 4 <= blob.length) {
            int id = Short.toUnsignedInt(b.getShort(p));
            int len = Short.toUnsignedInt(b.getShort(p + 2));
            if (p + 4 + len > blob.length) {
                return MALFORMED;
            }
            if (id == AV_EOL) {
                return flags;
            }
            if (id == AV_FLAGS && len == 4) {
                flags = Integer.toUnsignedLong(b.getInt(p + 4));
            }
            p += 4 + len;
        }
        return MALFORMED;
    }
}
