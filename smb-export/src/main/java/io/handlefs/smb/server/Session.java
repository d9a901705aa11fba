package io.handlefs.smb.server;

import io.handlefs.lookup.Credentials;
import io.handlefs.smb.auth.Authenticator;
import io.handlefs.smb.crypto.PreauthHash;
import io.handlefs.smb.crypto.SessionKeys;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One SMB2 session, [MS-SMB2] 3.3.1.8: being authenticated, then valid until LOGOFF. */
final class Session {
    final long id;
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

    int newTreeId() {
        return nextTreeId.getAndIncrement();
    }

    byte[] nextNonce() {
        return java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putLong(nonceCounter.incrementAndGet()).putInt(noncePrefix).array();
    }
}
