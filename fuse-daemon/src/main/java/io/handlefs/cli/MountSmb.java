package io.handlefs.cli;

import io.handlefs.lookup.Export;
import io.handlefs.smb.ShareConfig;
import io.handlefs.smb.SmbConfig;
import io.handlefs.smb.SmbServer;
import io.handlefs.smb.auth.UserDatabase;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The SMB server a mount runs beside FUSE (--smb-port, --share): same process, same export. */
final class MountSmb {
    private MountSmb() {}

    /** The options a background mount passes on to its foreground daemon. */
    static List<String> arguments(Integer port, List<String> shares, List<String> caShares) {
        List<String> args = new ArrayList<>();
        if (port != null) {
            args.add("--smb-port");
            args.add(port.toString());
        }
        for (String s : shares) {
            args.add("--share");
            args.add(s);
        }
        for (String s : caShares) {
            args.add("--ca");
            args.add(s);
        }
        return args;
    }

    /** Starts serving; the server stops with the process. Persistent opens are kept in stateDir. */
    static SmbServer start(Export export, String source, Path stateDir, Integer port, List<String> shareSpecs,
                           List<String> caShares) throws IOException {
        Path root = Path.of(source).toAbsolutePath().normalize();
        List<ShareConfig> shares = new ArrayList<>();
        for (String spec : shareSpecs) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--share wants NAME=DIR, got " + spec);
            }
            Path dir = root.resolve(spec.substring(eq + 1)).normalize();
            if (!dir.startsWith(root)) {
                throw new IllegalArgumentException("--share " + spec + ": " + dir + " is not inside " + root);
            }
            shares.add(new ShareConfig(spec.substring(0, eq), "/" + root.relativize(dir), false, false, false));
        }
        if (shares.isEmpty()) {
            shares.add(new ShareConfig("share", "/", false, false, false));
        }
        shares = CaShares.apply(caShares, shares);
        UserDatabase users = UserDatabase.load(stateDir.resolve(UserDatabase.FILE_NAME));
        SmbConfig config = SmbConfig.defaults(shares, users).withPort("0.0.0.0", port != null ? port : SmbConfig.DEFAULT_PORT);
        SmbServer server = SmbServer.start(config, export, stateDir);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "handlefs-smb-stop"));
        System.out.println("handlefs: SMB shares " + shares.stream().map(ShareConfig::name).toList() + " on port "
                + server.port());
        return server;
    }
}
