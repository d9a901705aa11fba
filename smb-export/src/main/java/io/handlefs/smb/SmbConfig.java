package io.handlefs.smb;

import io.handlefs.smb.auth.UserDatabase;

import java.time.Duration;
import java.util.List;

/**
 * How the SMB server runs.
 *
 * @param maxConnections  connections served at once; more are closed on accept
 * @param maxFrameBytes   the largest message (or compound) accepted; also what one connection may
 *                        have buffered for reading, since requests are handled one at a time
 * @param idleTimeout     a connection that sends nothing for this long is closed
 * @param encryptSessions every 3.x session is encrypted (SMB2_SESSION_FLAG_ENCRYPT_DATA)
 * @param multiChannel    3.x clients are offered SMB2_GLOBAL_CAP_MULTI_CHANNEL: a session may be
 *                        bound to several connections, and every LOCK of a 3.x session is checked
 *                        for replays.
 * @param breakTimeout    how long an oplock or lease break waits for the client's acknowledgment
 *                        before the server takes it as given (Windows: 35 s)
 */
public record SmbConfig(String address, int port, List<ShareConfig> shares, UserDatabase users, String serverName,
                        String domain, boolean signingRequired, boolean encryptSessions, int maxConnections,
                        int maxFrameBytes, Duration idleTimeout, boolean multiChannel, Duration breakTimeout) {
    public static final int DEFAULT_PORT = 445;
    /** 8 MiB reads and writes (large MTU) plus room for headers and compounds. */
    public static final int DEFAULT_MAX_FRAME = 8 * 1024 * 1024 + 64 * 1024;
    /** What Windows waits for a break acknowledgment ([MS-SMB2] 3.3.2.1, the oplock break timer). */
    public static final Duration DEFAULT_BREAK_TIMEOUT = Duration.ofSeconds(35);

    public SmbConfig {
        shares = List.copyOf(shares);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("bad port " + port);
        }
        if (maxFrameBytes < 128 * 1024 || maxFrameBytes > 0xFFFFFF) {
            throw new IllegalArgumentException("max frame must be 128 KiB to 16 MiB, got " + maxFrameBytes);
        }
        if (breakTimeout.isNegative() || breakTimeout.isZero()) {
            throw new IllegalArgumentException("break timeout must be positive, got " + breakTimeout);
        }
    }

    /** The configuration without multichannel and with the default break timeout. */
    public SmbConfig(String address, int port, List<ShareConfig> shares, UserDatabase users, String serverName,
                     String domain, boolean signingRequired, boolean encryptSessions, int maxConnections,
                     int maxFrameBytes, Duration idleTimeout) {
        this(address, port, shares, users, serverName, domain, signingRequired, encryptSessions, maxConnections,
                maxFrameBytes, idleTimeout, false, DEFAULT_BREAK_TIMEOUT);
    }

    /** Defaults: all addresses, port 445, signing enabled but not required, 256 connections, 15 minutes idle. */
    public static SmbConfig defaults(List<ShareConfig> shares, UserDatabase users) {
        return new SmbConfig("0.0.0.0", DEFAULT_PORT, shares, users, "HANDLEFS", "WORKGROUP", false, false, 256,
                DEFAULT_MAX_FRAME, Duration.ofMinutes(15), false, DEFAULT_BREAK_TIMEOUT);
    }

    public SmbConfig withPort(String newAddress, int newPort) {
        return new SmbConfig(newAddress, newPort, shares, users, serverName, domain, signingRequired, encryptSessions,
                maxConnections, maxFrameBytes, idleTimeout, multiChannel, breakTimeout);
    }

    public SmbConfig withMultiChannel(boolean on) {
        return new SmbConfig(address, port, shares, users, serverName, domain, signingRequired, encryptSessions,
                maxConnections, maxFrameBytes, idleTimeout, on, breakTimeout);
    }

    public SmbConfig withShares(List<ShareConfig> newShares) {
        return new SmbConfig(address, port, newShares, users, serverName, domain, signingRequired, encryptSessions,
                maxConnections, maxFrameBytes, idleTimeout, multiChannel, breakTimeout);
    }

    public SmbConfig withBreakTimeout(Duration timeout) {
        return new SmbConfig(address, port, shares, users, serverName, domain, signingRequired, encryptSessions,
                maxConnections, maxFrameBytes, idleTimeout, multiChannel, timeout);
    }

    /** The largest READ or WRITE payload offered to clients. */
    public int maxIoBytes() {
        return Math.min(8 * 1024 * 1024, maxFrameBytes - 64 * 1024);
    }
}
