package io.handlefs.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import io.handlefs.fuse.HandlefsMount;
import io.handlefs.fuse.MountOptions;
import org.junit.jupiter.api.Assumptions;

/**
 * One test tree: a fresh lower directory, a mount point, and a directory outside both, all
 * under one temporary root.
 *
 * <p>Tests only ever operate on {@link #mnt()} (and on {@link #outside()} for things that must
 * lie outside the exported tree). By default {@code mnt()} is a handlefs mount of {@code lower}
 * served by this JVM; with {@code -Dhandlefs.fixture=native} it is the lower directory itself, so
 * that the same suite shows native Linux semantics (run it that way to check a new test).
 * Closing unmounts with MNT_DETACH and aborts the connection if the daemon does not stop in time
 * ({@link HandlefsMount#close()}), so a hung mount never hangs the suite.
 *
 * <pre>
 *   root/            0755, from java.io.tmpdir
 *     lower/         0755, the exported directory
 *     mnt/           0755, the mount point (unused natively)
 *     outside/       0755, lies outside the exported tree
 * </pre>
 */
public final class MountFixture implements AutoCloseable {

    private final String name;
    private final Path root;
    private final Path lower;
    private final Path mountPoint;
    private final Path outside;
    private HandlefsMount mount;

    private static boolean nativeMode() {
        return "native".equals(System.getProperty("handlefs.fixture"));
    }

    private MountFixture(String name, Path root) {
        this.name = name;
        this.root = root;
        this.lower = root.resolve("lower");
        this.mountPoint = root.resolve("mnt");
        this.outside = root.resolve("outside");
    }

    /** Makes a fresh tree under a new temporary root; {@code name} only labels it. */
    public static MountFixture create(String name) throws IOException {
        return create(name, MountOptions.defaults());
    }

    /** Makes a fresh tree mounted with these options (ignored in native mode). */
    public static MountFixture create(String name, MountOptions options) throws IOException {
        requireRoot();
        Path root = Files.createTempDirectory("handlefs-" + name + "-");
        MountFixture f = new MountFixture(name, root);
        try {
            // Other uids (the actors) must be able to reach the tree.
            Posix.chmod(root, 0755);
            for (Path dir : new Path[] {f.lower, f.mountPoint, f.outside}) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwxr-xr-x")));
                Posix.chmod(dir, 0755);
            }
            if (!nativeMode()) {
                f.mount = HandlefsMount.start(f.lower.toString(), f.mountPoint.toString(), options, java.util.Optional.empty());
            }
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
        return f;
    }

    /**
     * The suite switches users and chowns files, so it needs root. Outside CI a non-root run
     * skips; in CI (CI is set) it fails instead, so that a misconfigured runner is noticed.
     */
    private static void requireRoot() throws IOException {
        boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Uid:"))
                .anyMatch(l -> l.split("\\s+")[2].equals("0"));
        if (!root) {
            String why = "handlefs integration tests need root (effective uid 0)";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
    }

    /** The underlying (exported) directory. */
    public Path lower() {
        return lower;
    }

    /** Where the tests operate: the handlefs mount, or natively the lower directory itself. */
    public Path mnt() {
        return mount == null ? lower : mountPoint;
    }

    /** The running mount (null in native mode), for tests that look at the daemon's state. */
    public HandlefsMount mount() {
        return mount;
    }

    /** A directory outside the exported tree, on the same filesystem as {@link #lower()}. */
    public Path outside() {
        return outside;
    }

    /** Makes {@code mnt()/sub}, mode 0755, owned by root: each test works in its own one. */
    public Path newDir(String sub) throws IOException {
        return newDir(sub, 0755);
    }

    /** Makes {@code mnt()/sub} with the given mode (special bits included), owned by root. */
    public Path newDir(String sub, int mode) throws IOException {
        Path dir = mnt().resolve(sub);
        Files.createDirectory(dir);
        Posix.chmod(dir, mode);
        return dir;
    }

    @Override
    public String toString() {
        return "MountFixture[" + name + (mount == null ? ", native, " : ", handlefs, ") + root + "]";
    }

    /** Removes the whole tree; bounded, and never crosses into another filesystem. */
    @Override
    public void close() throws IOException {
        if (mount != null) {
            mount.close();
            mount = null;
        }
        Posix.removeTree(root);
    }
}
