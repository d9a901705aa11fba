package io.handlefs.smb;

import io.handlefs.lookup.Export;
import io.handlefs.smb.server.NettyServer;
import io.handlefs.smb.server.Shares;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

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
        return start(config, Shares.inOneExport(config, export));
    }

    /** Serves each share from the root of its own export (keyed by share name). */
    public static SmbServer start(SmbConfig config, Map<String, Export> exportPerShare) {
        return start(config, Shares.oneExportEach(config, exportPerShare));
    }

    private static SmbServer start(SmbConfig config, Shares shares) {
        SmbServer s = new SmbServer(shares.serve(config));
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
