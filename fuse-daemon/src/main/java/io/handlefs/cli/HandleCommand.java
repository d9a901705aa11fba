package io.handlefs.cli;

import io.handlefs.codec.NodeId;
import io.handlefs.fuse.ExportState;
import io.handlefs.lookup.Credentials;
import io.handlefs.lookup.Entry;
import io.handlefs.lookup.Export;
import io.handlefs.lookup.ExternalHandles;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.RawNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "handle", mixinStandardHelpOptions = true,
        description = "Give out and take back authenticated file handles of an export.",
        subcommands = {HandleCommand.Encode.class, HandleCommand.Open.class})
final class HandleCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("handlefs handle: give a subcommand: encode or open (see --help)");
    }

    @Command(name = "encode", mixinStandardHelpOptions = true,
            description = "Print the handle (hex) of PATH, a path in SOURCE (relative, or absolute under it).")
    static final class Encode implements Callable<Integer> {
        @Mixin
        ExportArgs export;

        @Parameters(index = "1", paramLabel = "PATH")
        Path path;

        @Override
        public Integer call() {
            ExportState state = export.state();
            try (Export e = export.openExport(state)) {
                Path root = export.root();
                Path rel = path.isAbsolute() ? root.relativize(path.normalize()) : path.normalize();
                if (rel.startsWith("..")) {
                    System.err.println("handlefs handle encode: " + path + " is not under " + root);
                    return 2;
                }
                NodeId id = NodeId.ROOT;
                for (Path name : rel) {
                    if (!name.toString().isEmpty()) {
                        id = e.lookup(Credentials.DAEMON, id, RawNames.fromUnicode(name.toString())).node().id();
                    }
                }
                System.out.println(HexFormat.of().formatHex(export.handles(e, state).encode(id)));
                return 0;
            } catch (ErrnoException e) {
                System.err.println("handlefs handle encode: " + path + ": " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "open", mixinStandardHelpOptions = true,
            description = "Print the path HEX resolves to today, or why it does not resolve.")
    static final class Open implements Callable<Integer> {
        @Mixin
        ExportArgs export;

        @Parameters(index = "1", paramLabel = "HEX")
        String hex;

        @Override
        public Integer call() {
            byte[] wire;
            try {
                wire = HexFormat.of().parseHex(hex.strip());
            } catch (IllegalArgumentException e) {
                System.err.println("handlefs handle open: not hex: " + e.getMessage());
                return 2;
            }
            ExportState state = export.state();
            try (Export e = export.openExport(state)) {
                ExternalHandles handles = export.handles(e, state);
                Entry entry = handles.lookupHandle(Credentials.DAEMON, wire, Optional.empty(), "the command line");
                String rel = RawNames.toUnicode(e.pathOf(entry.node().id()));
                System.out.println(export.root().resolve(rel));
                return 0;
            } catch (ErrnoException e) {
                System.err.println("handlefs handle open: " + e.errno() + (e.errno() == Errno.ESTALE
                        ? ": not a live handle of this export (its file is gone, or it was forged or altered,"
                                + " or it names something outside the export; the daemon's log says which)"
                        : ""));
                return 1;
            }
        }
    }
}
