package io.handlefs.fuse;

import io.handlefs.codec.HandleCodec;
import io.handlefs.inode.LmdbOptions;
import io.handlefs.inode.NodeTable;
import io.handlefs.inode.NodeTables;
import io.handlefs.lookup.Export;
import io.handlefs.lookup.ExportOptions;
import io.handlefs.lookup.ExportSecret;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where one export keeps its state: {@code STATE_DIR/exports/ID/}, ID naming the exported tree
 * ({@link Export#identity}), holding the durable node table ({@code nodes/}) and the handle key
 * ({@code secret}). The daemon and the offline commands (fsck, handle) open it the same way.
 */
public record ExportState(Optional<Path> dir) {
    /** Nodes whose records stay in memory above the durable table. */
    private static final long HOT_NODES = 100_000;

    /** The state of the tree at rawSource under stateDir; none: in memory only. */
    public static ExportState of(Optional<Path> stateDir, String rawSource) {
        return new ExportState(stateDir.map(d -> d.resolve("exports").resolve(Export.identity(rawSource))));
    }

    /** Opens the export over its node table (closing the table if the export fails to open). */
    public Export openExport(String rawSource, ExportOptions options, LmdbOptions tableOptions) {
        NodeTable table = NodeTables.open(dir, tableOptions, HOT_NODES);
        try {
            return Export.open(rawSource, options, table);
        } catch (RuntimeException e) {
            table.close();
            throw e;
        }
    }

    /** The key of the handles this export gives out (a fresh one per process without a state dir). */
    public byte[] secret() {
        return dir.map(d -> ExportSecret.loadOrCreate(d.resolve("secret")))
                .orElseGet(HandleCodec::newSecret);
    }
}
