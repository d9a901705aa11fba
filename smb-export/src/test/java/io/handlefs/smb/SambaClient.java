package io.handlefs.smb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Samba's smbclient against a test server, bounded in time, with an empty smb.conf. */
final class SambaClient {
    /** What a run printed and how it exited. */
    record Result(int exit, String output) {}

    /** Bounds every run; a whole smbtorture suite may wait out one 35-second break timeout. */
    private static final long TIMEOUT_SECONDS = 120;

    private final Path conf;
    private final int port;
    private final String credentials;

    SambaClient(Path dir, int port, String user, String password) throws IOException {
        this.conf = dir.resolve("smb.conf");
        Files.writeString(conf, "[global]\n");
        this.port = port;
        this.credentials = user + "%" + password;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/smbclient"));
    }

    /** smbclient //127.0.0.1/SHARE with extra options, running the commands given. */
    Result run(String share, String commands, String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("smbclient", "//127.0.0.1/" + share, "-s", conf.toString(),
                "-p", Integer.toString(port), "-U", credentials));
        cmd.addAll(List.of(options));
        cmd.addAll(List.of("-c", commands));
        return exec(cmd, null);
    }

    /** smbclient -L: the share list. */
    Result list(String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("smbclient", "-L", "//127.0.0.1", "-s", conf.toString(),
                "-p", Integer.toString(port), "-U", credentials));
        cmd.addAll(List.of(options));
        return exec(cmd, null);
    }

    static Result exec(List<String> cmd, Path dir) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            return new Result(-1, "timed out: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
