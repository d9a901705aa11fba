package io.handlefs.tests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One nfs-ganesha server (FSAL_VFS, NFSv4 only, 127.0.0.1) exporting one directory as
 * {@code /export}, run in the foreground as a child of the test, with its own configuration,
 * log, pid file and recovery directory under the test's directory. The configuration is the
 * resource {@code ganesha-vfs.conf}. {@link #close()} leaves no process behind.
 *
 * <p>Ports: the first free port of {@link #PORTS} (tests of other developers run in parallel);
 * a restart keeps the port.
 */
final class Ganesha implements AutoCloseable {

    /** NFS ports tried in turn, clear of the kernel's 2049. */
    static final int FIRST_PORT = 20490;
    static final int LAST_PORT = 20499;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final String READY = "NFS SERVER INITIALIZED";

    private final Path dir;
    private final Path log;
    private final String config;
    private int port;
    private Process process;

    private Ganesha(Path dir, String config) {
        this.dir = dir;
        this.log = dir.resolve("ganesha.log");
        this.config = config;
    }

    /**
     * Starts ganesha exporting {@code path}; {@code edit} may change the configuration text
     * (e.g. drop a line) for tests that show what a setting is for.
     */
    static Ganesha start(Path dir, Path path, UnaryOperator<String> edit)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path recovery = Files.createDirectories(dir.resolve("recovery"));
        String template;
        try (InputStream in = Ganesha.class.getResourceAsStream("ganesha-vfs.conf")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String config = edit.apply(template
                .replace("@PATH@", path.toString())
                .replace("@RECOVERY_ROOT@", recovery.toString())
                .replace("@PLUGINS_DIR@", pluginsDir().orElseThrow().toString())
                .replace("@DBUS_PREFIX@", "handlefs_test_" + ProcessHandle.current().pid() + "_" + System.nanoTime()));
        Ganesha g = new Ganesha(dir, config);
        IOException last = null;
        for (int p = FIRST_PORT; p <= LAST_PORT; p++) {
            if (LocalPorts.accepts(p)) {   // taken
                continue;
            }
            g.port = p;
            try {
                g.start();
                return g;
            } catch (IOException e) {
                last = e;   // lost the port to someone else, or a real failure: try the next
            }
        }
        throw new IOException("no ganesha on any port " + FIRST_PORT + "-" + LAST_PORT, last);
    }

    /** The directory holding FSAL_VFS (libfsalvfs.so), which differs between architectures. */
    static Optional<Path> pluginsDir() throws IOException {
        for (String root : List.of("/usr/lib", "/usr/lib64")) {
            if (!Files.isDirectory(Path.of(root))) {
                continue;
            }
            try (Stream<Path> s = Files.find(Path.of(root), 3,
                    (p, a) -> p.getFileName().toString().equals("libfsalvfs.so"))) {
                Optional<Path> found = s.findFirst();
                if (found.isPresent()) {
                    return Optional.of(found.get().getParent());
                }
            }
        }
        return Optional.empty();
    }

    int port() {
        return port;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    /** Stops ganesha (SIGTERM, then SIGKILL) and starts it again with the same configuration. */
    void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    private void start() throws IOException, InterruptedException {
        Path conf = dir.resolve("ganesha.conf");
        Files.writeString(conf, config.replace("@PORT@", Integer.toString(port)));
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        process = new ProcessBuilder("ganesha.nfsd", "-F", "-f", conf.toString(), "-L", log.toString(),
                "-p", dir.resolve("ganesha.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("ganesha.out").toFile()))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!(logSince(logStart).contains(READY) && LocalPorts.accepts(port))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                stop();
                throw new IOException("ganesha did not start on port " + port + "; log:\n" + logSince(logStart));
            }
            Thread.sleep(50);
        }
    }

    private String logSince(long offset) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
    }

    private void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
