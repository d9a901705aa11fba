package io.handlefs.smb.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The SMB users: who may log on, with which NT hash, and as which Unix user their requests run.
 * The file ({@code smb-users} in the state directory, mode 0600) is text, one user a line:
 *
 * <pre>
 * # name:uid:gid:nt-hash
 * alice:1000:1000:8846f7eaee8fb117ad06bdd830b7586c
 * </pre>
 *
 * The NT hash is MD4 of the UTF-16LE password in hex: what NTLMv2 needs, and all it needs.
 * Names compare without case, as Windows does. Lines starting with '#' and blank lines are
 * ignored. The file is replaced atomically (written to a temporary file, then renamed).
 */
public final class UserDatabase {
    public static final String FILE_NAME = "smb-users";

    /** One user. */
    public record User(String name, int uid, int gid, byte[] ntHash) {
        public User {
            if (name.isEmpty() || name.contains(":") || name.contains("\n")) {
                throw new IllegalArgumentException("bad user name: " + name);
            }
            ntHash = ntHash.clone();
        }

        @Override
        public byte[] ntHash() {
            return ntHash.clone();
        }

        String line() {
            return name + ":" + uid + ":" + gid + ":" + HexFormat.of().formatHex(ntHash);
        }
    }

    private final Map<String, User> users;

    private UserDatabase(Map<String, User> users) {
        this.users = users;
    }

    public static UserDatabase empty() {
        return new UserDatabase(new LinkedHashMap<>());
    }

    /** Reads the file; a missing file is an empty database. */
    public static UserDatabase load(Path file) throws IOException {
        Map<String, User> users = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return new UserDatabase(users);
        }
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split(":");
            try {
                if (f.length != 4) {
                    throw new IllegalArgumentException("expected name:uid:gid:nt-hash");
                }
                byte[] hash = HexFormat.of().parseHex(f[3]);
                if (hash.length != 16) {
                    throw new IllegalArgumentException("the NT hash must be 32 hex digits");
                }
                User u = new User(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), hash);
                users.put(key(u.name()), u);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ":" + lineNo + ": " + e.getMessage(), e);
            }
        }
        return new UserDatabase(users);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    public Optional<User> find(String name) {
        return Optional.ofNullable(users.get(key(name)));
    }

    public List<User> users() {
        return List.copyOf(users.values());
    }

    /** A copy with this user added or replaced. */
    public UserDatabase with(User user) {
        Map<String, User> copy = new LinkedHashMap<>(users);
        copy.put(key(user.name()), user);
        return new UserDatabase(copy);
    }

    /** Writes the database to {@code file} atomically, readable by its owner only. */
    public void save(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# handlefs SMB users: name:uid:gid:nt-hash (written by 'handlefs user add')");
        users.values().forEach(u -> lines.add(u.line()));
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
