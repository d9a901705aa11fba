package io.handlefs.fuse;

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

    private final String mountPoint;
    private final int fd;
    /** The connection number under /sys/fs/fuse/connections: the mount's device minor. */
    private final long connection;
    private volatile boolean mounted = true;

    private FuseMount(String mountPoint, int fd, long connection) {
        this.mountPoint = mountPoint;
        this.fd = fd;
        this.connection = connection;
    }

    /**
     * Mounts at a directory (a Unicode path). The mount is for every local user (allow_other):
     * permissions are checked by the kernel against the attributes (default_permissions) and
     * again by the lower filesystem under the caller's credentials.
     */
    public static FuseMount mount(String mountPoint, String source, MountOptions options) {
        if (Sys.getuid() != 0) {
            throw new IllegalStateException("handlefs must run as root: it switches to each caller's "
                    + "credentials and opens files by handle (CAP_DAC_READ_SEARCH)");
        }
        String raw = RawNames.fromUnicode(mountPoint);
        int fd = Sys.open("/dev/fuse", Linux.O_RDWR | Linux.O_CLOEXEC, 0);
        try {
            String data = "fd=" + fd + ",rootmode=40000,user_id=0,group_id=0,allow_other,default_permissions"
                    + ",max_read=" + options.maxWrite();
            long flags = Linux.MS_NOSUID | Linux.MS_NODEV | (options.readOnly() ? Linux.MS_RDONLY : 0);
            Sys.mount(RawNames.fromUnicode(source), raw, "fuse.handlefs", flags, data);
        } catch (ErrnoException e) {
            Sys.close(fd);
            throw e;
        }
        String absolute = java.nio.file.Path.of(mountPoint).toAbsolutePath().normalize().toString();
        long connection = MountInfo.at(RawNames.fromUnicode(absolute))
                .orElseThrow(() -> new IllegalStateException("mount(2) succeeded but " + absolute
                        + " is not in /proc/self/mountinfo"))
                .minor();
        log.info("mounted {} at {} (fuse connection {})", source, mountPoint, connection);
        return new FuseMount(raw, fd, connection);
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

    /** Detaches the mount; workers blocked in read(2) then see ENODEV and stop. Idempotent. */
    public void unmount() {
        if (!mounted) {
            return;
        }
        mounted = false;
        try {
            Sys.umount2(mountPoint, Linux.MNT_DETACH | Linux.UMOUNT_NOFOLLOW);
            log.info("unmounted {}", mountPoint());
        } catch (ErrnoException e) {
            if (e.errno() == io.handlefs.sys.Errno.EINVAL) {
                log.debug("{} was already unmounted", mountPoint()); // by `handlefs umount` or umount(8)
            } else {
                log.warn("unmount of {} failed: {}", mountPoint(), e.getMessage());
            }
        }
    }

    /** Aborts the connection: every request in flight fails and the daemon's reads end. */
    public void abort() {
        abort(connection);
    }

    public static void abort(long connection) {
        Path abort = Path.of("/sys/fs/fuse/connections", Long.toString(connection), "abort");
        try {
            Files.writeString(abort, "1");
        } catch (IOException gone) {
            // Already gone: nothing left to abort.
        }
    }

    /** Unmounts and closes the session fd. */
    @Override
    public void close() {
        unmount();
        Sys.close(fd);
    }
}
