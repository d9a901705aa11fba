package io.handlefs.smb;

import io.handlefs.lookup.Export;
import io.handlefs.smb.server.NettyServer;
import io.handlefs.smb.server.Shares;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A running SMB2/3 server. It reaches files only through the exports it is given, so that
 * it shares their node table with the FUSE daemon running the same exports.
 */
public final class SmbServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SmbServer.class);

    private final NettyServer server;

    private SmbServer(NettyServer server) {
        this.server = server;
    }

    /** Serves every share of the configuration from one export; each share's path lies inside it. */
    public static SmbServer start(SmbConfig config, Export export) {
        return start(config, Shares.inOneExport(config, export), Optional.empty());
    }

    /**
     * As {@link #start(SmbConfig, Export)}, keeping the persistent opens of CA shares under
     * {@code stateDir/smb/persistent}, where a restarted server finds them again.
     */
    public static SmbServer start(SmbConfig config, Export export, Path stateDir) {
        return start(config, Shares.inOneExport(config, export), persistentDir(config, stateDir));
    }

    /** Serves each share from the root of its own export (keyed by share name). */
    public static SmbServer start(SmbConfig config, Map<String, Export> exportPerShare) {
        return start(config, Shares.oneExportEach(config, exportPerShare), Optional.empty());
    }

    /** As {@link #start(SmbConfig, Map)}, keeping the persistent opens of CA shares under {@code stateDir/smb/persistent}. */
    public static SmbServer start(SmbConfig config, Map<String, Export> exportPerShare, Path stateDir) {
        return start(config, Shares.oneExportEach(config, exportPerShare), persistentDir(config, stateDir));
    }

    /** Only CA shares grant persistent handles: without one, nothing is written to the state directory. */
    private static Optional<Path> persistentDir(SmbConfig config, Path stateDir) {
        return config.shares().stream().anyMatch(ShareConfig::continuousAvailability)
                ? Optional.of(stateDir.resolve("smb").resolve("persistent")) : Optional.empty();
    }

    private static SmbServer start(SmbConfig config, Shares shares, Optional<Path> persistentDir) {
        SmbServer s = new SmbServer(shares.serve(config, persistentDir));
        log.info("SMB server on {}:{} with shares {}", config.address(), s.port(),
                config.shares().stream().map(ShareConfig::name).toList());
        return s;
    }

    /** The port listened on (the chosen one when the configuration said 0). */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        log.info("SMB server stopped");
    }
}
