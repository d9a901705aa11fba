package io.handlefs.cli;

import io.handlefs.fuse.ExportState;
import io.handlefs.inode.SweepCounts;
import io.handlefs.lookup.Export;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "fsck", mixinStandardHelpOptions = true,
        description = {"Sweep the node table of SOURCE: nodes whose files are gone leave it.",
                "Safe while the daemon serves the same export; the daemon also sweeps in the background."})
final class FsckCommand implements Callable<Integer> {
    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final int BAR = 40;

    @Mixin
    ExportArgs export;

    @Override
    public Integer call() {
        ExportState state = export.state();
        PrintStream err = System.err;
        try (Export e = export.openExport(state)) {
            long total = Math.max(1, e.table().size() - 1); // the root is not swept
            long start = System.nanoTime();
            long[] lastDraw = {0};
            SweepCounts c = e.sweepStale(n -> {
                long now = System.nanoTime();
                if (now - lastDraw[0] >= REDRAW_NANOS || n == total) {
                    lastDraw[0] = now;
                    int filled = (int) Math.min(BAR, BAR * n / total);
                    err.printf("\r[%s%s] %,d / %,d nodes", "#".repeat(filled), " ".repeat(BAR - filled), n, total);
                }
            });
            err.println();
            System.out.printf("fsck %s: %,d nodes kept, %,d stale removed, %,d unreadable rows, in %.1f s%n",
                    export.source, c.kept(), c.removed(), c.unreadable(), (System.nanoTime() - start) / 1e9);
            return c.unreadable() == 0 ? 0 : 1;
        }
    }
}
