package io.handlefs.smb.server;

import io.handlefs.codec.NodeId;
import io.handlefs.lookup.Credentials;
import io.handlefs.lookup.Directories;
import io.handlefs.lookup.Entry;
import io.handlefs.lookup.Export;
import io.handlefs.lookup.OpenFiles;
import io.handlefs.smb.ShareConfig;
import io.handlefs.smb.SmbConfig;
import io.handlefs.sys.Linux;
import io.handlefs.sys.RawNames;

import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The shares to serve: each share's directory found inside its export (one component at a time,
 * as the daemon, at startup), every export with one OpenFiles and one Directories.
 */
public final class Shares {
    private final Map<Export, OpenFiles> files = new IdentityHashMap<>();
    private final Map<Export, Directories> dirs = new IdentityHashMap<>();
    private final Map<String, Share> byName = new LinkedHashMap<>();

    private Shares() {}

    /** Every share's path lies inside one export ("/" is its root). */
    public static Shares inOneExport(SmbConfig config, Export export) {
        Shares s = new Shares();
        config.shares().forEach(c -> s.add(c, export, c.path()));
        return s;
    }

    /** Each share is the root of its own export. */
    public static Shares oneExportEach(SmbConfig config, Map<String, Export> exports) {
        Shares s = new Shares();
        for (ShareConfig c : config.shares()) {
            Export e = exports.get(c.name());
            if (e == null) {
                throw new IllegalArgumentException("no export for share " + c.name());
            }
            s.add(c, e, "/");
        }
        return s;
    }

    /** persistentDir: where persistent opens are kept (none: in memory, lost with the process). */
    public NettyServer serve(SmbConfig config, Optional<Path> persistentDir) {
        return NettyServer.start(config, byName, persistentDir);
    }

    private void add(ShareConfig config, Export export, String pathInExport) {
        NodeId node = NodeId.ROOT;
        export.retain(node);
        for (String c : pathInExport.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                throw new IllegalArgumentException("share " + config.name() + ": '..' in " + pathInExport);
            }
            Entry e = export.lookup(Credentials.DAEMON, node, RawNames.fromUnicode(c));
            if ((e.stat().mode() & Linux.S_IFMT) != Linux.S_IFDIR) {
                throw new IllegalArgumentException("share " + config.name() + ": " + pathInExport + " is not a directory");
            }
            export.retain(e.node().id());
            export.forget(node, 1);
            node = e.node().id();
        }
        byName.put(config.name().toLowerCase(Locale.ROOT), new Share(config, export,
                files.computeIfAbsent(export, OpenFiles::new), dirs.computeIfAbsent(export, Directories::new), node));
    }
}
