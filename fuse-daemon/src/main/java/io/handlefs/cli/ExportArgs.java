package io.handlefs.cli;

import io.handlefs.codec.HandleCodec;
import io.handlefs.fuse.ExportState;
import io.handlefs.fuse.MountOptions;
import io.handlefs.inode.SyncPolicy;
import io.handlefs.lookup.Export;
import io.handlefs.lookup.ExportOptions;
import io.handlefs.lookup.ExternalHandles;
import io.handlefs.sys.RawNames;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The export an offline command works on: its source directory and state directory. */
final class ExportArgs {
    @Option(names = "--state-dir", paramLabel = "DIR", description = "the daemon's state directory "
            + "(default: /var/lib/handlefs, or ~/.local/state/handlefs for a user)")
    Path stateDir;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "the exported directory")
    Path source;

    /** SOURCE as an absolute, normalized path: the export's root. */
    Path root() {
        return source.toAbsolutePath().normalize();
    }

    String rawSource() {
        return RawNames.fromUnicode(root().toString());
    }

    ExportState state() {
        Path stateRoot = StateDirs.orDefault(stateDir);
        ExportState state = ExportState.of(Optional.of(stateRoot), rawSource());
        Path dir = state.dir().orElseThrow();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no state for " + source + " in " + stateRoot
                    + " (has it been mounted with this --state-dir?)");
        }
        return state;
    }

    Export openExport(ExportState state) {
        return state.openExport(rawSource(), new ExportOptions(1, 1000), MountOptions.defaults().nodeTable()
                .withSync(SyncPolicy.DURABLE));
    }

    ExternalHandles handles(Export export, ExportState state) {
        return new ExternalHandles(export, new HandleCodec(state.secret()));
    }
}
