package io.handlefs.fuse;

import io.handlefs.lookup.ChangeListener;
import io.handlefs.lookup.Export;
import io.handlefs.lookup.ExportOptions;
import io.handlefs.sys.RawNames;
import io.handlefs.sys.Sys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A running handlefs mount: the export of a source directory served over FUSE at a mount point.
 * {@link #close()} unmounts and, if requests are still stuck after a grace period, aborts the
 * connection, so that stopping never hangs.
 */
public final class HandlefsMount implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HandlefsMount.class);
    private static final long INIT_TIMEOUT_SECONDS = 10;
    private static final long STOP_GRACE_SECONDS = 5;

    private final FuseMount mount;
    private final Kernel kernel;
    private final FuseSession session;
    private final Optional<BackgroundSweep> sweep;
    private final KernelNotifier notifier;

    private HandlefsMount(FuseMount mount, Kernel kernel, FuseSession session, Optional<BackgroundSweep> sweep,
                          KernelNotifier notifier) {
        this.mount = mount;
        this.kernel = kernel;
        this.session = session;
        this.sweep = sweep;
        this.notifier = notifier;
    }

    /**
     * Mounts source (a directory) at mountPoint and starts serving. Paths are ordinary Unicode.
     * With a state directory the node table is durable (node IDs survive restarts, for the kernel
     * and the NFS clients of a re-export); without one it lives in memory.
     */
    public static HandlefsMount start(String source, String mountPoint, MountOptions asked,
                                      Optional<Path> stateDir) {
        // A daemon that cannot take its callers' credentials leaves every check to the kernel.
        MountOptions options = Sys.getuid() == 0 ? asked : asked.withKernelChecks();
        String rawSource = RawNames.fromUnicode(source);
        Export export = ExportState.of(stateDir, rawSource).openExport(rawSource,
                new ExportOptions(1, options.maxFds()), options.nodeTable());
        FuseMount mount;
        try {
            mount = FuseMount.mount(mountPoint, source, options);
        } catch (RuntimeException e) {
            export.close();
            throw e;
        }
        Kernel kernel = Kernel.of(export, options);
        FuseSession session = new FuseSession(mount.fd(), kernel, options);
        try {
            session.start(INIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            mount.abort();
            mount.close();
            kernel.close();
            throw e;
        }
        mount.readAhead(options.maxWrite());
        Optional<BackgroundSweep> sweep = stateDir.isPresent() && options.sweepInterval() > 0
                ? Optional.of(new BackgroundSweep(export, options.sweepInterval())) : Optional.empty();
        // Changes the SMB server makes in this process reach the kernel's caches.
        KernelNotifier notifier = new KernelNotifier(mount.fd(), export);
        export.listenForChanges(notifier);
        return new HandlefsMount(mount, kernel, session, sweep, notifier);
    }

    public String mountPoint() {
        return mount.mountPoint();
    }

    /** The export being served (for statistics and tests). */
    public io.handlefs.lookup.Export export() {
        return kernel.export();
    }

    /** Requests served through FUSE over io_uring so far (for statistics and tests). */
    public long ringRequests() {
        return session.ringRequests();
    }

    /** Blocks until the kernel ends the connection (unmount, abort). */
    public void awaitUnmount() throws InterruptedException {
        while (!session.awaitWorkers(1, TimeUnit.HOURS)) {
            log.debug("still serving {}", mountPoint());
        }
    }

    @Override
    public void close() {
        sweep.ifPresent(BackgroundSweep::close);
        kernel.export().listenForChanges(ChangeListener.NONE);
        notifier.close();
        mount.unmount();
        try {
            if (!session.awaitWorkers(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                log.warn("{} still busy {} s after unmount: aborting the connection", mountPoint(), STOP_GRACE_SECONDS);
                mount.abort();
                session.awaitWorkers(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            mount.abort();
        }
        session.closeClones();
        mount.close();
        kernel.close();
    }
}
