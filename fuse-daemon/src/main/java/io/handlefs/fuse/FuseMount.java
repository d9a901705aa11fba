package io.handlefs.fuse;

import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Linux;
import io.handlefs.sys.RawNames;
import io.handlefs.sys.Sys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A FUSE mount made with mount(2): opens /dev/fuse and mounts it at the mount point with the
 * session fd in the options. Unmounting detaches lazily (MNT_DETACH) so that a busy mount point
 * never blocks shutdown; a hung connection can be aborted through the fusectl filesystem.
 */
public final class FuseMount implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FuseMount.class);
    /** fusectl's place: a directory per connection, each with an abort file. */
    private static final Path CONNECTIONS = Path.of("/sys/fs/fuse/connections");

    private final String mountPoint;
    private final int fd;
    /** The connection number under /sys/fs/fuse/connections: the mount's device minor. */
    private final long connection;
    /** Made by fusermount3 (not root): only fusermount3 may unmount it. */
    private final boolean viaFusermount;
    private volatile boolean mounted = true;

    private FuseMount(String mountPoint, int fd, long connection, boolean viaFusermount) {
        this.mountPoint = mountPoint;
        this.fd = fd;
        this.connection = connection;
        this.viaFusermount = viaFusermount;
    }

    /**
     * Mounts at a directory (a Unicode path): with mount(2) as root, else through fusermount3.
     * Root's mount is for every local user (allow_other): permissions are checked by the lower
     * filesystem under the caller's credentials, and first by the kernel against cached modes when
     * the options ask for it (default_permissions).
     */
    public static FuseMount mount(String mountPoint, String source, MountOptions options) {
        String raw = RawNames.fromUnicode(mountPoint);
        boolean root = Sys.getuid() == 0;
        int fd = root ? mountAsRoot(raw, source, options) : Fusermount.mount(mountPoint, source, options);
        String absolute = Path.of(mountPoint).toAbsolutePath().normalize().toString();
        long connection = MountInfo.at(RawNames.fromUnicode(absolute))
                .orElseThrow(() -> new IllegalStateException("the mount succeeded but " + absolute
                        + " is not in /proc/self/mountinfo"))
                .minor();
        log.info("mounted {} at {} (fuse connection {}{})", source, mountPoint, connection,
                root ? "" : ", through fusermount3");
        return new FuseMount(raw, fd, connection, !root);
    }

    private static int mountAsRoot(String rawMountPoint, String source, MountOptions options) {
        int fd = Sys.open("/dev/fuse", Linux.O_RDWR | Linux.O_CLOEXEC, 0);
        try {
            String data = "fd=" + fd + ",rootmode=40000,user_id=0,group_id=0,allow_other"
                    + (options.kernelChecks() ? ",default_permissions" : "") + ",max_read=" + options.maxWrite();
            long flags = Linux.MS_NOSUID | Linux.MS_NODEV | (options.readOnly() ? Linux.MS_RDONLY : 0);
            Sys.mount(RawNames.fromUnicode(source), rawMountPoint, "fuse.handlefs", flags, data);
            return fd;
        } catch (ErrnoException e) {
            Sys.close(fd);
            throw e;
        }
    }

    public int fd() {
        return fd;
    }

    public String mountPoint() {
        return RawNames.toUnicode(mountPoint);
    }

    public long connection() {
        return connection;
    }

    /**
     * Lets the kernel read ahead as far as one READ carries. At its default window, 128 KiB, a
     * sequential read through the daemon comes in 128 KiB requests, each a round trip; at 1 MiB
     * the daemon path read 1 GiB at 2,902-3,346 MiB/s against 1,303-2,016 (tests/bench/RESULTS.md).
     * Set after INIT, whose max_readahead may only lower the window; only root may set it.
     */
    public void readAhead(int bytes) {
        if (viaFusermount) {
            return;
        }
        Path knob = Path.of("/sys/class/bdi/0:" + connection + "/read_ahead_kb");
        try {
            Files.writeString(knob, Integer.toString(bytes / 1024));
            log.debug("readahead of {}: {} KiB", mountPoint(), bytes / 1024);
        } catch (IOException e) {
            log.info("readahead of {} stays the kernel's: cannot write {} ({})", mountPoint(), knob, e.toString());
        }
    }

    /** Detaches the mount; workers blocked in read(2) then see ENODEV and stop. Idempotent. */
    public void unmount() {
        if (!mounted) {
            return;
        }
        mounted = false;
        if (viaFusermount) {
            Fusermount.unmount(mountPoint());
            return;
        }
        try {
            Sys.umount2(mountPoint, Linux.MNT_DETACH | Linux.UMOUNT_NOFOLLOW);
            log.info("unmounted {}", mountPoint());
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EINVAL) {
                log.debug("{} was already unmounted", mountPoint()); // by `handlefs umount` or umount(8)
            } else {
                log.warn("unmount of {} failed: {}", mountPoint(), e.getMessage());
            }
        }
    }

    /** {@link #abort(long)} of this mount's connection. */
    public void abort() {
        abort(connection);
    }

    /**
     * Aborts the connection through fusectl: every request waiting on it fails and the daemon's
     * reads end. Where nothing mounted fusectl (containers, systems without systemd's unit for
     * it) it is mounted first, as root may: without it there is no abort file and the abort would
     * do nothing.
     */
    public static void abort(long connection) {
        Path abort = CONNECTIONS.resolve(Long.toString(connection)).resolve("abort");
        if (!Files.exists(abort)) {
            mountFusectl();
        }
        try {
            Files.writeString(abort, "1");
        } catch (IOException gone) {
            // Already gone: nothing left to abort.
        }
    }

    private static void mountFusectl() {
        boolean mounted = MountInfo.at(CONNECTIONS.toString()).map(m -> m.fsType().equals("fusectl")).orElse(false);
        if (mounted || !Files.isDirectory(CONNECTIONS)) {
            return;
        }
        try {
            Sys.mount("fusectl", CONNECTIONS.toString(), "fusectl", 0, null);
            log.info("mounted fusectl at {} to abort a FUSE connection", CONNECTIONS);
        } catch (ErrnoException e) {
            log.warn("cannot mount fusectl at {} ({}): a hung FUSE connection cannot be aborted", CONNECTIONS,
                    e.getMessage());
        }
    }

    /** Unmounts and closes the session fd. */
    @Override
    public void close() {
        unmount();
        Sys.close(fd);
    }
}
