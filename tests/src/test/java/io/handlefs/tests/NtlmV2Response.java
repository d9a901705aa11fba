package io.handlefs.tests;

import io.handlefs.smb.auth.NtlmAuthenticate;
import io.handlefs.smb.auth.NtlmChallenge;
import io.handlefs.smb.auth.NtlmCrypto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/** The tests' SMB clients' answer to a server's challenge: NTLMv2 ([MS-NLMP] 3.3.2), no key exchange. */
final class NtlmV2Response {
    private NtlmV2Response() {}

    static byte[] authenticate(NtlmChallenge c, String domain, String user, String password, String workstation,
                               int flags) {
        byte[] owf = NtlmCrypto.ntowfv2(NtlmCrypto.ntHash(password), user, domain);
        byte[] clientChallenge = new byte[8];
        new SecureRandom().nextBytes(clientChallenge);
        byte[] info = c.targetInfo();
        ByteBuffer blob = ByteBuffer.allocate(28 + info.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        blob.put((byte) 1).put((byte) 1).putShort((short) 0).putInt(0).putLong(0).put(clientChallenge).putInt(0)
                .put(info).putInt(0);
        byte[] proof = NtlmCrypto.hmacMd5(owf, c.serverChallenge(), blob.array());
        byte[] nt = ByteBuffer.allocate(16 + blob.capacity()).put(proof).put(blob.array()).array();
        return new NtlmAuthenticate(new byte[24], nt, domain, user, workstation, new byte[0], flags, new byte[0])
                .encode();
    }
}
