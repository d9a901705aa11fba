package io.handlefs.fuse;

import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Sys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Mounting without root, through the setuid fusermount3: it opens /dev/fuse, mounts, and sends
 * the fd back over a socket given as _FUSE_COMMFD (SCM_RIGHTS); unmounting is fusermount3 -u.
 */
final class Fusermount {
    private static final Logger log = LoggerFactory.getLogger(Fusermount.class);
    private static final String PROGRAM = "fusermount3";
    /** The fd number the child sees the socket as. */
    private static final int CHILD_FD = 3;
    /** The child's whole environment: a fixed PATH, as fusermount3 is setuid, and where the socket is. */
    private static final List<String> ENV = List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "_FUSE_COMMFD=" + CHILD_FD);
    private static final long UNMOUNT_TIMEOUT_SECONDS = 10;

    private Fusermount() {}

    /** Mounts and returns the session fd; fusermount3's own message is on stderr when it fails. */
    static int mount(String mountPoint, String source, MountOptions options) {
        String opts = (options.kernelChecks() ? "default_permissions," : "") + "subtype=handlefs,max_read=" + options.maxWrite()
                + ",fsname=" + source.replace("\\", "\\\\").replace(",", "\\,")
                + (options.readOnly() ? ",ro" : "")
                + (userAllowOther() ? ",allow_other" : "");
        int[] pair = Sys.socketpair();
        int pid;
        try {
            pid = Sys.spawn(List.of(PROGRAM, "-o", opts, "--", mountPoint), ENV, pair[1], CHILD_FD);
        } catch (ErrnoException e) {
            Sys.close(pair[0]);
            throw new IllegalStateException("cannot run " + PROGRAM + " (Debian package fuse3): " + e.getMessage(), e);
        } finally {
            Sys.close(pair[1]);
        }
        try {
            return Sys.receiveFd(pair[0]);
        } catch (ErrnoException e) {
            throw new IllegalStateException(PROGRAM + " did not mount " + mountPoint + " (exit status "
                    + Sys.waitpid(pid) + "; its message is above)", e);
        } finally {
            Sys.close(pair[0]);
            reap(pid);
        }
    }

    private static void reap(int pid) {
        try {
            Sys.waitpid(pid);
        } catch (ErrnoException alreadyReaped) {
            // waited for above, on the failure path
        }
    }

    /**
     * Other users may use a non-root mount only where the administrator allows it in
     * /etc/fuse.conf; otherwise fusermount3 refuses allow_other, so it is not asked for.
     */
    private static boolean userAllowOther() {
        try {
            boolean allowed = Files.readAllLines(Path.of("/etc/fuse.conf")).stream()
                    .map(String::strip).anyMatch("user_allow_other"::equals);
            if (!allowed) {
                log.info("/etc/fuse.conf lacks user_allow_other: the mount serves this user only");
            }
            return allowed;
        } catch (IOException e) {
            return false;
        }
    }

    /** fusermount3 -u -z: detaches even when busy, like MNT_DETACH. */
    static void unmount(String mountPoint) {
        try {
            Process p = new ProcessBuilder(PROGRAM, "-u", "-z", "-q", "--", mountPoint).inheritIO().start();
            if (!p.waitFor(UNMOUNT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                log.warn("{} -u {} did not finish in {} s", PROGRAM, mountPoint, UNMOUNT_TIMEOUT_SECONDS);
            } else if (p.exitValue() != 0) {
                log.debug("{} -u {} exited {} (already unmounted?)", PROGRAM, mountPoint, p.exitValue());
            }
        } catch (IOException e) {
            log.warn("cannot run {} -u {}: {}", PROGRAM, mountPoint, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
