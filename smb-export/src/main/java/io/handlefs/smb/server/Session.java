package io.handlefs.smb.server;

import io.handlefs.lookup.Credentials;
import io.handlefs.smb.auth.Authenticator;
import io.handlefs.smb.crypto.PreauthHash;
import io.handlefs.smb.crypto.SessionKeys;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One SMB2 session, [MS-SMB2] 3.3.1.8: being authenticated, then valid until LOGOFF. A 3.x session
 * may be bound to further connections (3.3.5.5.2), each a channel with its own signing key.
 */
final class Session {
    final long id;
    /** The dialect of the connection that authenticated the session; a channel must have the same. */
    int dialect;
    /** The connections the session is valid on, each with the key its messages are signed with (3.3.1.14). */
    final Map<Connection, byte[]> channels = new ConcurrentHashMap<>();
    Authenticator authenticator;
    PreauthHash preauth;
    volatile boolean valid;
    String userName;
    Credentials credentials;
    SessionKeys keys;
    boolean signingRequired;
    boolean encryptData;
    final Map<Integer, TreeConnect> trees = new ConcurrentHashMap<>();
    final Map<Long, Open> opens = new ConcurrentHashMap<>();
    private final AtomicInteger nextTreeId = new AtomicInteger(1);
    /** Encryption nonces: unique per session, never reused (a counter behind a random prefix). */
    private final AtomicLong nonceCounter = new AtomicLong();
    private final int noncePrefix = new java.security.SecureRandom().nextInt();

    Session(long id, PreauthHash preauth) {
        this.id = id;
        this.preauth = preauth;
    }

    /** The signing key of the session on this connection: its channel's, else the session's. */
    byte[] signingKey(Connection conn) {
        byte[] channel = channels.get(conn);
        return channel != null ? channel : keys.signing();
    }

    int newTreeId() {
        return nextTreeId.getAndIncrement();
    }

    byte[] nextNonce() {
        return java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(nonceCounter.incrementAndGet()).putInt(noncePrefix).array();
    }
}
