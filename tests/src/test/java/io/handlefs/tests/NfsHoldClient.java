package io.handlefs.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The NFSv4 client {@code src/test/c/nfs_hold.c} (libnfs), compiled with gcc for the test and
 * run as its own process: it looks its paths up once, keeps the file handles, and on every
 * {@link #readAll()} reads each held handle again (PUTFH + READ, no lookup) over a new
 * connection. See the C source for its line protocol.
 */
final class NfsHoldClient implements AutoCloseable {

    private static final Path SOURCE = Path.of("src/test/c/nfs_hold.c").toAbsolutePath();
    /** Longer than the client's own bound on one connect plus one read per handle. */
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(90);
    private static final String EOF = "\u0000eof";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> handles;
    private final StringBuilder transcript = new StringBuilder();

    private NfsHoldClient(Process process) throws IOException, InterruptedException {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException e) {
                lines.add("error " + e);
            } finally {
                lines.add(EOF);
            }
        }, "nfs_hold stdout");
        reader.setDaemon(true);
        reader.start();
        this.handles = untilDone("fh ");
    }

    /** gcc nfs_hold.c -lnfs into dir; the path of the binary. */
    static Path compile(Path dir) throws IOException, InterruptedException {
        Path binary = dir.resolve("nfs_hold");
        Path log = dir.resolve("gcc.log");
        Process gcc = new ProcessBuilder("gcc", "-O1", "-Wall", "-Werror", "-o", binary.toString(), SOURCE.toString(),
                "-lnfs").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!gcc.waitFor(60, TimeUnit.SECONDS)) {
            gcc.destroyForcibly();
            throw new AssertionError("gcc did not finish in 60 s");
        }
        if (gcc.exitValue() != 0) {
            throw new AssertionError("gcc failed:\n" + Files.readString(log));
        }
        return binary;
    }

    /** Starts the client; it looks up each path (in the server's pseudo filesystem) once. */
    static NfsHoldClient start(Path binary, int port, String... paths) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "127.0.0.1", Integer.toString(port)));
        cmd.addAll(List.of(paths));
        return new NfsHoldClient(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    /** The handle of each path as hex, or the status that its lookup got. */
    List<String> handles() {
        return handles;
    }

    /** Reads every held handle again; one line per handle: its content, or an NFS4ERR_ name. */
    String readAll() throws IOException, InterruptedException {
        OutputStream in = process.getOutputStream();
        in.write("read\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        return String.join("\n", untilDone("read "));
    }

    /** Everything the client printed, for failure messages. */
    String transcript() {
        return transcript.toString();
    }

    /** The lines of one round up to "done", each without its "PREFIX I " head. */
    private List<String> untilDone(String prefix) throws InterruptedException {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
        for (;;) {
            String l = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (l == null || l.equals(EOF)) {
                throw new AssertionError((l == null ? "nfs_hold: no \"done\" within " + ROUND_TIMEOUT
                        : "nfs_hold exited") + "; it printed:\n" + transcript);
            }
            transcript.append(l).append('\n');
            if (l.equals("done")) {
                return out;
            }
            if (!l.startsWith(prefix)) {
                throw new AssertionError("nfs_hold: unexpected line \"" + l + "\"; it printed:\n" + transcript);
            }
            String rest = l.substring(prefix.length());
            out.add(rest.substring(rest.indexOf(' ') + 1));
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
