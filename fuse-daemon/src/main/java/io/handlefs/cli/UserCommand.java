package io.handlefs.cli;

import io.handlefs.smb.auth.NtlmCrypto;
import io.handlefs.smb.auth.UserDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage the SMB users.",
        subcommands = {UserCommand.Add.class})
final class UserCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("handlefs user: give a subcommand (add)");
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add or replace an SMB user; the password is read from standard input (one line).",
                    "The user's requests run as the Unix uid and gid given, by default those of the Unix user "
                            + "of the same name."})
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "the SMB user name")
        String name;

        @Option(names = "--uid", description = "the Unix uid its requests run as")
        Integer uid;

        @Option(names = "--gid", description = "the Unix gid its requests run as")
        Integer gid;

        @Option(names = "--state-dir", paramLabel = "DIR", description = "where the user file is (default /var/lib/handlefs)")
        Path stateDir = Path.of("/var/lib/handlefs");

        @Override
        public Integer call() throws IOException {
            Optional<int[]> unix = unixIds(name);
            if ((uid == null || gid == null) && unix.isEmpty()) {
                System.err.println("handlefs user add: no Unix user " + name + "; give --uid and --gid");
                return 2;
            }
            int u = uid != null ? uid : unix.get()[0];
            int g = gid != null ? gid : unix.get()[1];
            String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (password == null || password.isEmpty()) {
                System.err.println("handlefs user add: no password on standard input");
                return 2;
            }
            Path file = stateDir.resolve(UserDatabase.FILE_NAME);
            UserDatabase.load(file).with(new UserDatabase.User(name, u, g, NtlmCrypto.ntHash(password))).save(file);
            System.out.println("handlefs: SMB user " + name + " (uid " + u + ", gid " + g + ") written to " + file);
            return 0;
        }

        /** The uid and gid of a Unix user, from /etc/passwd. */
        private static Optional<int[]> unixIds(String user) throws IOException {
            Path passwd = Path.of("/etc/passwd");
            if (!Files.exists(passwd)) {
                return Optional.empty();
            }
            for (String line : Files.readAllLines(passwd)) {
                String[] f = line.split(":");
                if (f.length > 3 && f[0].equals(user)) {
                    return Optional.of(new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])});
                }
            }
            return Optional.empty();
        }
    }
}
