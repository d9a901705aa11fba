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
 *                        for replays. Off by default until oplocks are served: smbtorture's lock
 *                        replay test for multichannel needs them, and the one it replaces does not.
 */
public record SmbConfig(String address, int port, List<ShareConfig> shares, UserDatabase users, String serverName,
                        String domain, boolean signingRequired, boolean encryptSessions, int maxConnections,
                        int maxFrameBytes, Duration idleTimeout, boolean multiChannel) {
    public static final int DEFAULT_PORT = 445;
    /** 8 MiB reads and writes (large MTU) plus room for headers and compounds. */
    public static final int DEFAULT_MAX_FRAME = 8 * 1024 * 1024 + 64 * 1024;

    public SmbConfig {
        shares = List.copyOf(shares);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("bad port " + port);
        }
        if (maxFrameBytes < 128 * 1024 || maxFrameBytes > 0xFFFFFF) {
            throw new IllegalArgumentException("max frame must be 128 KiB to 16 MiB, got " + maxFrameBytes);
        }
    }

    /** Defaults: all addresses, port 445, signing enabled but not required, 256 connections, 15 minutes idle. */
    public static SmbConfig defaults(List<ShareConfig> shares, UserDatabase users) {
        return new SmbConfig("0.0.0.0", DEFAULT_PORT, shares, users, "HANDLEFS", "WORKGROUP", false, false, 256,
                DEFAULT_MAX_FRAME, Duration.ofMinutes(15), false);
    }

    public SmbConfig withPort(String newAddress, int newPort) {
        return new SmbConfig(newAddress, newPort, shares, users, serverName, domain, signingRequired, encryptSessions,
                maxConnections, maxFrameBytes, idleTimeout, multiChannel);
    }

    public SmbConfig withMultiChannel(boolean on) {
        return new SmbConfig(address, port, shares, users, serverName, domain, signingRequired, encryptSessions,
                maxConnections, maxFrameBytes, idleTimeout, on);
    }

    public SmbConfig withShares(List<ShareConfig> newShares) {
        return new SmbConfig(address, port, newShares, users, serverName, domain, signingRequired, encryptSessions,
                maxConnections, maxFrameBytes, idleTimeout, multiChannel);
    }

    /** The largest READ or WRITE payload offered to clients. */
    public int maxIoBytes() {
        return Math.min(8 * 1024 * 1024, maxFrameBytes - 64 * 1024);
    }
}
