package io.handlefs.tests;

import io.handlefs.fuse.MountInfo;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Sys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The handlefs daemon as its own process, started from the shaded jar as a user starts it
 * ({@code java -jar handlefs.jar mount --foreground ...}), for tests that kill it, restart it or
 * run it as another user. {@link #close()} leaves no mount and no process behind.
 */
final class DaemonProcess implements AutoCloseable {

    /** Built by the fuse-daemon module before this one. */
    private static final Path BUILT_JAR = Path.of("../fuse-daemon/target/handlefs.jar").toAbsolutePath().normalize();
    private static final Duration MOUNT_TIMEOUT = Duration.ofSeconds(30);

    private final Path mountPoint;
    private final Path log;
    private final Process process;
    private boolean frozen;

    private DaemonProcess(Path mountPoint, Path log, Process process) {
        this.mountPoint = mountPoint;
        this.log = log;
        this.process = process;
    }

    /** A copy of the jar in dir that every user can read (the build tree may not be). */
    static Path jarIn(Path dir) throws IOException {
        if (!Files.isReadable(BUILT_JAR)) {
            throw new IllegalStateException(BUILT_JAR + " is missing: build fuse-daemon first");
        }
        Path jar = Files.copy(BUILT_JAR, dir.resolve("handlefs.jar"));
        Posix.chmod(jar, 0644);
        return jar;
    }

    /**
     * Starts {@code prefix java -jar jar mount --foreground args... source mountPoint} (prefix:
     * e.g. setpriv to run as another user) and waits until the mount appears.
     */
    static DaemonProcess mount(List<String> prefix, Path jar, Path log, List<String> args, Path source, Path mountPoint)
            throws IOException, InterruptedException {
        return mount(prefix, List.of(), jar, log, args, source, mountPoint);
    }

    /** As above, with options for the daemon's JVM (tests that restart it often start it lighter). */
    static DaemonProcess mount(List<String> prefix, List<String> jvmOptions, Path jar, Path log, List<String> args,
                               Path source, Path mountPoint) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString(), "mount", "--foreground"));
        cmd.addAll(args);
        cmd.addAll(List.of(source.toString(), mountPoint.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        DaemonProcess d = new DaemonProcess(mountPoint, log, p);
        long deadline = System.nanoTime() + MOUNT_TIMEOUT.toNanos();
        // Mounted, and INIT answered (the daemon logs it): requests are served from then on.
        while (!d.mounted() || !d.log().contains("serving with")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                d.close();
                throw new AssertionError("no mount at " + mountPoint + "; daemon log:\n" + d.log());
            }
            Thread.sleep(20);
        }
        return d;
    }

    boolean mounted() {
        return MountInfo.at(mountPoint.toString()).map(m -> m.fsType().equals("fuse.handlefs")).orElse(false);
    }

    /** SIGKILL, as a crash: the mount stays behind, dead, until {@link #detach()}. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGSTOP: a daemon that no longer answers, as a hung one does. {@link #close()} lets it run again. */
    void freeze() {
        Sys.kill((int) process.pid(), Linux.SIGSTOP);
        frozen = true;
    }

    /** SIGCONT after {@link #freeze()}. */
    void thaw() {
        Sys.kill((int) process.pid(), Linux.SIGCONT);
        frozen = false;
    }

    /** umount -l of whatever is mounted at the mount point (a dead mount included). */
    void detach() throws IOException, InterruptedException {
        if (MountInfo.at(mountPoint.toString()).isPresent()) {
            Process p = new ProcessBuilder("umount", "-l", mountPoint.toString()).inheritIO().start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Waits for the daemon to exit by itself; its exit status, or -1 if it is still running. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (frozen) {
                thaw();
            }
            detach();
        } finally {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
