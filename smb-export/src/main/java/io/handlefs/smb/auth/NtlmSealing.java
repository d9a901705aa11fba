package io.handlefs.smb.auth;

import org.bouncycastle.crypto.engines.RC4Engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * NTLMSSP message signatures with extended session security, [MS-NLMP] 3.4.4.2, used here only
 * for SPNEGO's mechListMIC: the client's is checked with the client-to-server keys, the
 * server's made with the server-to-client keys, each direction with its own sequence number
 * and RC4 stream.
 */
final class NtlmSealing {
    private final byte[] clientSign;
    private final byte[] serverSign;
    private final RC4Engine clientSeal;
    private final RC4Engine serverSeal;
    private final boolean keyExchange;
    private int clientSeq;
    private int serverSeq;

    NtlmSealing(byte[] exportedSessionKey, int flags) {
        this.keyExchange = (flags & NtlmFlags.KEY_EXCH) != 0;
        this.clientSign = NtlmCrypto.md5(exportedSessionKey, magic("client-to-server signing"));
        this.serverSign = NtlmCrypto.md5(exportedSessionKey, magic("server-to-client signing"));
        byte[] sealBase = (flags & NtlmFlags.KEY_128) != 0 ? exportedSessionKey
                : Arrays.copyOf(exportedSessionKey, (flags & NtlmFlags.KEY_56) != 0 ? 7 : 5);
        this.clientSeal = NtlmCrypto.rc4(NtlmCrypto.md5(sealBase, magic("client-to-server sealing")));
        this.serverSeal = NtlmCrypto.rc4(NtlmCrypto.md5(sealBase, magic("server-to-client sealing")));
    }

    private static byte[] magic(String what) {
        return ("session key to " + what + " key magic constant\0").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] signature(byte[] key, RC4Engine seal, boolean keyExchange, int seq, byte[] message) {
        byte[] seqBytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(seq).array();
        byte[] checksum = Arrays.copyOf(NtlmCrypto.hmacMd5(key, seqBytes, message), 8);
        if (keyExchange) {
            checksum = NtlmCrypto.rc4(seal, checksum);
        }
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(1).put(checksum).putInt(seq).array();
    }

    boolean verifyFromClient(byte[] message, byte[] sig) {
        byte[] expected = signature(clientSign, clientSeal, keyExchange, clientSeq++, message);
        return MessageDigest.isEqual(expected, sig);
    }

    byte[] signFromServer(byte[] message) {
        return signature(serverSign, serverSeal, keyExchange, serverSeq++, message);
    }
}
