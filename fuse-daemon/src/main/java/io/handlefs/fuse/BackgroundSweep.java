package io.handlefs.fuse;

import io.handlefs.inode.SweepCounts;
import io.handlefs.lookup.Export;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sweeps the durable node table now and then, so that nodes of files removed behind the daemon's
 * back (or while it was stopped) leave it. Each sweep reads the table in small batches
 * ({@link io.handlefs.inode.NodeTable#sweep}), so serving goes on meanwhile.
 */
final class BackgroundSweep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackgroundSweep.class);
    /** The first sweep waits this long at most: restarts are when stale nodes pile up. */
    private static final long FIRST_DELAY_SECONDS = 300;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "node-sweep");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });

    BackgroundSweep(Export export, double intervalSeconds) {
        long interval = Math.max(1, (long) intervalSeconds);
        timer.scheduleWithFixedDelay(() -> sweep(export), Math.min(interval, FIRST_DELAY_SECONDS), interval,
                TimeUnit.SECONDS);
    }

    private static void sweep(Export export) {
        try {
            long start = System.nanoTime();
            SweepCounts c = export.sweepStale(judged -> { });
            log.info("node table sweep: {} kept, {} stale removed, {} unreadable, in {} ms", c.kept(), c.removed(),
                    c.unreadable(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (RuntimeException e) {
            log.warn("node table sweep failed; the next one will retry", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
