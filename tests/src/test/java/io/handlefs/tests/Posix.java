package io.handlefs.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Root-side file attributes through the JDK's "unix" attribute view (lstat semantics: links are
 * never followed). Used for setting up and checking fixtures; what a given user may do is
 * always asked of an {@link Actor}.
 */
final class Posix {

    static final int S_IFMT = 0170000;
    static final int S_IFREG = 0100000;
    static final int S_IFDIR = 0040000;
    static final int S_IFLNK = 0120000;
    static final int S_IFIFO = 0010000;
    static final int S_IFCHR = 0020000;
    static final int S_IFSOCK = 0140000;

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private Posix() {}

    private static Object attr(Path p, String name) {
        try {
            return Files.getAttribute(p, "unix:" + name, NOFOLLOW);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Full st_mode (type and permission bits). */
    static int stMode(Path p) {
        return (Integer) attr(p, "mode");
    }

    /** Permission bits including setuid, setgid and sticky (mode & 07777). */
    static int perm(Path p) {
        return stMode(p) & 07777;
    }

    static int type(Path p) {
        return stMode(p) & S_IFMT;
    }

    static int uid(Path p) {
        return (Integer) attr(p, "uid");
    }

    static int gid(Path p) {
        return (Integer) attr(p, "gid");
    }

    static long ino(Path p) {
        return (Long) attr(p, "ino");
    }

    static int nlink(Path p) {
        return (Integer) attr(p, "nlink");
    }

    static long rdev(Path p) {
        return (Long) attr(p, "rdev");
    }

    static long size(Path p) {
        return (Long) attr(p, "size");
    }

    /** chmod, special bits included (does not follow a symlink target: use on files and dirs). */
    static void chmod(Path p, int mode) throws IOException {
        Files.setAttribute(p, "unix:mode", mode);
    }

    /** lchown. Clears setuid/setgid on regular files (kernel rule), so chown before chmod. */
    static void chown(Path p, int uid, int gid) throws IOException {
        Files.setAttribute(p, "unix:uid", uid, NOFOLLOW);
        Files.setAttribute(p, "unix:gid", gid, NOFOLLOW);
    }

    /** Makes a directory with exactly this owner and mode. */
    static Path mkdir(Path p, int mode, int uid, int gid) throws IOException {
        Files.createDirectory(p);
        chown(p, uid, gid);
        chmod(p, mode);
        return p;
    }

    /** Makes a regular file with this content, owner and mode. */
    static Path file(Path p, String content, int mode, int uid, int gid) throws IOException {
        Files.writeString(p, content, StandardCharsets.UTF_8);
        chown(p, uid, gid);
        chmod(p, mode);
        return p;
    }

    static String octal(int mode) {
        return Integer.toOctalString(mode);
    }

    /**
     * rm -rf of a test's temporary tree: bounded in time, and never into another filesystem (a
     * mount left below it stays, and the removal reports failure).
     */
    static void removeTree(Path root) throws IOException {
        Process p = new ProcessBuilder("rm", "-rf", "--one-file-system", "--", root.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("removing " + root + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IOException("removing " + root + " failed: rm exit " + p.exitValue());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("removing " + root + " interrupted", e);
        }
    }
}
