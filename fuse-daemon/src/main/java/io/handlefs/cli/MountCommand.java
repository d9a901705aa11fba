package io.handlefs.cli;

import io.handlefs.fuse.HandlefsMount;
import io.handlefs.fuse.MountOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

@Command(name = "mount", mixinStandardHelpOptions = true,
        description = {"Mount SOURCE at MOUNTPOINT with stable handles.",
                "Without arguments, mounts a demo tree: ./demo/source at ./demo/mnt."})
final class MountCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(MountCommand.class);
    private static final long MOUNT_WAIT_SECONDS = 30;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SOURCE", description = "the directory to export")
    String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "MOUNTPOINT", description = "where to mount it")
    String mountPoint;

    @Option(names = {"-f", "--foreground"}, description = "stay in the foreground (default: run in the background)")
    boolean foreground;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "where handlefs keeps its node table, handle key "
            + "and log (default: ./demo/state for the demo, else /var/lib/handlefs, or ~/.local/state/handlefs for a user)")
    Path stateDir;

    @Option(names = "-o", paramLabel = "OPT[,OPT...]", description = "mount options: workers=N, max_fds=N, "
            + "entry_timeout=S, attr_timeout=S, sweep_interval=S, sync=periodic|durable, map_size=SIZE, ro, rw, "
            + "[no_]passthrough, [no_]writeback, [no_]default_permissions, [no_]io_uring, spin=MICROS, locks=local|lower "
            + "(README: \"Mounting a tree\")")
    List<String> options = new ArrayList<>();

    @Option(names = "--max-fds", paramLabel = "N", description = "O_PATH fds the node cache keeps (default 1000; "
            + "the same as -o max_fds=N)")
    Integer maxFds;

    @Option(names = "--smb-port", paramLabel = "PORT", description = "also serve the export over SMB2/3 on this port")
    Integer smbPort;

    @Option(names = "--share", paramLabel = "NAME=DIR", description = "an SMB share: DIR is SOURCE or a directory "
            + "inside it (repeatable; default with --smb-port: the whole SOURCE as 'share')")
    List<String> shares = new ArrayList<>();

    @Option(names = "--ca", paramLabel = "NAME", description = "make share NAME continuously available: persistent "
            + "handles (kept in the state dir across a crash), write-through (repeatable)")
    List<String> caShares = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if ((source == null) != (mountPoint == null)) {
            System.err.println("handlefs mount: give both SOURCE and MOUNTPOINT, or neither for the demo");
            return 2;
        }
        if (source == null) {
            Demo demo = Demo.create(Path.of("demo"));
            source = demo.source().toString();
            mountPoint = demo.mountPoint().toString();
            if (stateDir == null) {
                stateDir = demo.state();
            }
        }
        MountOptions mountOptions = MountOptions.defaults();
        if (maxFds != null) {
            options.add(0, "max_fds=" + maxFds);
        }
        for (String o : options) {
            mountOptions = mountOptions.with(o);
        }
        if (servesSmb()) {
            mountOptions = mountOptions.sharedWithSmb();
        }
        stateDir = StateDirs.orDefault(stateDir);
        Files.createDirectories(stateDir);
        return foreground ? runForeground(mountOptions) : runInBackground();
    }

    private int runForeground(MountOptions mountOptions) throws InterruptedException, IOException {
        HandlefsMount mount = HandlefsMount.start(source, mountPoint, mountOptions, Optional.of(stateDir));
        Runtime.getRuntime().addShutdownHook(new Thread(mount::close, "handlefs-shutdown"));
        if (servesSmb()) {
            MountSmb.start(mount.export(), source, stateDir, smbPort, shares, caShares);
        }
        System.out.println("handlefs: " + source + " mounted at " + mount.mountPoint());
        mount.awaitUnmount();
        log.info("connection ended; exiting");
        return 0;
    }

    private boolean servesSmb() {
        return smbPort != null || !shares.isEmpty();
    }

    /** Starts this same command with --foreground in a new session, and waits for the mount. */
    private int runInBackground() throws IOException, InterruptedException {
        Path logFile = stateDir.resolve("handlefs.log");
        List<String> cmd = new ArrayList<>(List.of("setsid", javaBinary()));
        // The daemon gets this JVM's flags (heap, collector) as the launcher chose them.
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-jar", ownJar(), "mount", "--foreground", "--state-dir", stateDir.toString()));
        for (String o : options) {
            cmd.add("-o");
            cmd.add(o);
        }
        cmd.addAll(MountSmb.arguments(smbPort, shares, caShares));
        cmd.add(source);
        cmd.add(mountPoint);
        Process daemon = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String target = Path.of(mountPoint).toAbsolutePath().normalize().toString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MOUNT_WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (Mounts.isHandlefsMount(target)) {
                System.out.println("handlefs: " + source + " mounted at " + target + " (pid " + daemon.pid()
                        + ", log " + logFile + "); stop with: ./handlefs umount " + mountPoint);
                return 0;
            }
            if (daemon.waitFor(100, TimeUnit.MILLISECONDS)) {
                System.err.println("handlefs: the daemon exited with " + daemon.exitValue() + "; its log " + logFile
                        + " says:\n" + tail(logFile));
                return 1;
            }
        }
        daemon.destroy();
        System.err.println("handlefs: no mount at " + target + " after " + MOUNT_WAIT_SECONDS + " s; see " + logFile);
        return 1;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static String ownJar() {
        try {
            return Path.of(MountCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the handlefs jar", e);
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
