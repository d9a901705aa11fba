package io.handlefs.smb.server;

import io.handlefs.smb.auth.Spnego;
import io.handlefs.smb.crypto.PreauthHash;
import io.handlefs.smb.crypto.SigningAlgorithm;
import io.handlefs.smb.crypto.SmbCipher;
import io.handlefs.smb.mssmb2.Command;
import io.handlefs.smb.mssmb2.NegotiateContext;
import io.handlefs.smb.mssmb2.NegotiateRequest;
import io.handlefs.smb.mssmb2.NegotiateResponse;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.Smb2Header;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.smb.mssmb2.Wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * NEGOTIATE, [MS-SMB2] 3.3.5.4: picks the highest common dialect of 2.0.2 … 3.1.1, and for 3.1.1
 * the SHA-512 preauthentication hash, a cipher and a signing algorithm. Also answers the SMB1
 * multi-protocol NEGOTIATE that older clients open with (3.3.5.3.1).
 */
final class NegotiateHandler {
    private static final int[] DIALECTS = {NegotiateRequest.DIALECT_311, NegotiateRequest.DIALECT_302,
            NegotiateRequest.DIALECT_300, NegotiateRequest.DIALECT_210, NegotiateRequest.DIALECT_202};
    private static final SmbCipher[] CIPHER_PREFERENCE = {SmbCipher.AES_128_GCM, SmbCipher.AES_128_CCM,
            SmbCipher.AES_256_GCM, SmbCipher.AES_256_CCM};
    private static final SigningAlgorithm[] SIGNING_PREFERENCE = {SigningAlgorithm.AES_GMAC,
            SigningAlgorithm.AES_CMAC, SigningAlgorithm.HMAC_SHA256};
    private static final int SMB2_02_MAX_IO = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServerState server;

    NegotiateHandler(ServerState server) {
        this.server = server;
    }

    Reply handle(Request req) {
        Connection conn = req.conn;
        if (conn.negotiated()) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "second NEGOTIATE");
        }
        NegotiateRequest n = NegotiateRequest.decode(req.message);
        int dialect = pick(n.dialects());
        if (dialect == 0) {
            throw new SmbException(NtStatus.NOT_SUPPORTED, "no common dialect");
        }
        List<NegotiateContext> contexts = List.of();
        // 3.x signs with AES-CMAC unless a 3.1.1 SIGNING_CAPABILITIES context chooses otherwise
        // (HMAC-SHA256 included: what the response announces is what signs).
        conn.signing = dialect >= NegotiateRequest.DIALECT_300 ? SigningAlgorithm.AES_CMAC : SigningAlgorithm.HMAC_SHA256;
        if (dialect == NegotiateRequest.DIALECT_311) {
            contexts = contexts311(conn, n);
            ByteBuffer m = req.message;
            conn.preauth = PreauthHash.INITIAL.fold(m.array(), m.arrayOffset(), m.limit());
        } else if (dialect >= NegotiateRequest.DIALECT_300
                && (n.capabilities() & NegotiateResponse.CAP_ENCRYPTION) != 0) {
            conn.cipher = SmbCipher.AES_128_CCM;
        }
        conn.dialect = dialect;
        conn.clientGuid = n.clientGuid();
        conn.clientCapabilities = n.capabilities();
        conn.clientSecurityMode = n.securityMode();
        conn.clientDialects = n.dialects();
        return Reply.ok(response(conn, dialect, contexts));
    }

    private NegotiateResponse response(Connection conn, int dialect, List<NegotiateContext> contexts) {
        int caps = 0;
        if (dialect != NegotiateRequest.DIALECT_202) {
            // Leases on files only: directory leasing is not offered, and not granted.
            caps |= NegotiateResponse.CAP_LARGE_MTU | NegotiateResponse.CAP_LEASING;
        }
        if (dialect != NegotiateRequest.DIALECT_311 && conn.cipher != null) {
            caps |= NegotiateResponse.CAP_ENCRYPTION;
        }
        if (dialect >= NegotiateRequest.DIALECT_300 && server.config.multiChannel()) {
            caps |= NegotiateResponse.CAP_MULTI_CHANNEL;
        }
        if (dialect >= NegotiateRequest.DIALECT_300) {
            // Granted per open on continuously available shares only (DurableCreate).
            caps |= NegotiateResponse.CAP_PERSISTENT_HANDLES;
        }
        int mode = NegotiateResponse.SIGNING_ENABLED
                | (server.config.signingRequired() ? NegotiateResponse.SIGNING_REQUIRED : 0);
        conn.serverCapabilities = caps;
        conn.serverSecurityMode = mode;
        int maxIo = dialect == NegotiateRequest.DIALECT_202 ? SMB2_02_MAX_IO : server.config.maxIoBytes();
        long now = System.currentTimeMillis();
        return new NegotiateResponse(mode, dialect, server.serverGuid, caps, maxIo, maxIo, maxIo,
                Wire.filetime(now / 1000, (now % 1000) * 1_000_000), 0, Spnego.serverInit(), contexts);
    }

    private static int pick(int[] offered) {
        for (int d : DIALECTS) {
            for (int o : offered) {
                if (o == d) {
                    return d;
                }
            }
        }
        return 0;
    }

    private List<NegotiateContext> contexts311(Connection conn, NegotiateRequest n) {
        NegotiateContext preauth = find(n.contexts(), NegotiateContext.PREAUTH_INTEGRITY);
        if (preauth == null || !contains(preauth.ids(), PreauthHash.SHA_512)) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "3.1.1 without SHA-512 preauthentication");
        }
        List<NegotiateContext> out = new ArrayList<>();
        byte[] salt = new byte[32];
        RANDOM.nextBytes(salt);
        out.add(new NegotiateContext(NegotiateContext.PREAUTH_INTEGRITY,
                le(6 + salt.length).putShort((short) 1).putShort((short) salt.length)
                        .putShort((short) PreauthHash.SHA_512).put(salt).array()));
        NegotiateContext enc = find(n.contexts(), NegotiateContext.ENCRYPTION);
        if (enc != null) {
            int[] ids = enc.ids();
            for (SmbCipher c : CIPHER_PREFERENCE) {
                if (contains(ids, c.id())) {
                    conn.cipher = c;
                    break;
                }
            }
            out.add(new NegotiateContext(NegotiateContext.ENCRYPTION, le(4).putShort((short) 1)
                    .putShort((short) (conn.cipher == null ? 0 : conn.cipher.id())).array()));
        }
        NegotiateContext sign = find(n.contexts(), NegotiateContext.SIGNING);
        if (sign != null) {
            int[] ids = sign.ids();
            for (SigningAlgorithm a : SIGNING_PREFERENCE) {
                if (contains(ids, a.id())) {
                    conn.signing = a;
                    out.add(new NegotiateContext(NegotiateContext.SIGNING,
                            le(4).putShort((short) 1).putShort((short) a.id()).array()));
                    break;
                }
            }
        }
        return out;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static NegotiateContext find(List<NegotiateContext> list, int type) {
        return list.stream().filter(c -> c.type() == type).findFirst().orElse(null);
    }

    private static boolean contains(int[] ids, int id) {
        for (int i : ids) {
            if (i == id) {
                return true;
            }
        }
        return false;
    }

    /**
     * An SMB1 NEGOTIATE naming "SMB 2.???" (or only "SMB 2.002") gets an SMB2 NEGOTIATE response
     * with dialect 0x02FF (or 2.0.2); the client then negotiates again in SMB2. Anything else
     * closes the connection: SMB1 itself is not served.
     */
    boolean smb1(Connection conn, byte[] frame, Dispatcher dispatcher) {
        String dialects = new String(frame, StandardCharsets.ISO_8859_1);
        int chosen;
        if (frame.length > 4 && frame[4] == 0x72 && dialects.contains("SMB 2.???")) {
            chosen = NegotiateRequest.DIALECT_WILDCARD;
        } else if (frame.length > 4 && frame[4] == 0x72 && dialects.contains("SMB 2.002")) {
            chosen = NegotiateRequest.DIALECT_202;
        } else {
            return false;
        }
        if (!conn.credits.consume(0, 1)) {
            return false;
        }
        if (chosen == NegotiateRequest.DIALECT_202) {
            conn.dialect = chosen;
        }
        Smb2Header h = new Smb2Header(0, NtStatus.SUCCESS.code(), Command.NEGOTIATE.code(), conn.credits.grant(1),
                Smb2Header.FLAG_RESPONSE, 0, 0, 0, 0, 0, new byte[16]);
        byte[] bytes = Dispatcher.encodeMessage(h, response(conn, chosen, List.of()), Reply.DEFAULT_SIZE);
        dispatcher.send(List.of(new Dispatcher.Outgoing(bytes, null, conn.signing)), null);
        return true;
    }
}
