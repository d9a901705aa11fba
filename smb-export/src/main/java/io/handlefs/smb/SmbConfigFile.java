package io.handlefs.smb;

import io.handlefs.smb.auth.UserDatabase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SMB configuration file: smb.conf-like sections of {@code key = value} lines.
 *
 * <pre>
 * [global]
 * address = 0.0.0.0            # what to listen on
 * port = 445
 * users = /var/lib/handlefs/smb-users   # default: smb-users in the state directory
 * server name = HANDLEFS
 * workgroup = WORKGROUP
 * signing = enabled            # or: required
 * encrypt sessions = no        # yes: every SMB3 session is encrypted
 * multi channel = no           # yes: SMB3 sessions may be bound to several connections
 * max connections = 256
 * idle timeout = 900           # seconds
 * break timeout = 35           # seconds an oplock or lease break waits for the client's ack
 *
 * [data]                       # a share: its name
 * path = /srv/data             # the directory it exports
 * read only = no
 * encrypt = no                 # yes: the share needs SMB3 encryption
 * ca = no                      # yes: continuously available, persistent handles are granted
 *                              # (same as "continuous availability = yes"); writes are write-through
 * </pre>
 *
 * Keys are case-insensitive; '#' and ';' start comments; unknown keys are errors, so that a
 * typo does not silently change nothing.
 */
public final class SmbConfigFile {
    private SmbConfigFile() {}

    public static SmbConfig load(Path file, Path defaultUsers) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString(), defaultUsers);
    }

    static SmbConfig parse(List<String> lines, String origin, Path defaultUsers) throws IOException {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = stripComment(raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                String name = line.substring(1, line.length() - 1).strip();
                if (sections.containsKey(name.toLowerCase(Locale.ROOT))) {
                    throw new IOException(origin + ":" + n + ": section [" + name + "] twice");
                }
                current = new LinkedHashMap<>();
                current.put("", name);
                sections.put(name.toLowerCase(Locale.ROOT), current);
                continue;
            }
            int eq = line.indexOf('=');
            if (current == null || eq < 0) {
                throw new IOException(origin + ":" + n + ": expected [section] or key = value");
            }
            current.put(line.substring(0, eq).strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " "),
                    line.substring(eq + 1).strip());
        }
        try {
            return build(sections, defaultUsers);
        } catch (IllegalArgumentException e) {
            throw new IOException(origin + ": " + e.getMessage(), e);
        }
    }

    private static String stripComment(String line) {
        String t = line.strip();
        return t.startsWith("#") || t.startsWith(";") ? "" : line.replaceAll("\\s+[#;].*$", "");
    }

    private static SmbConfig build(Map<String, Map<String, String>> sections, Path defaultUsers) throws IOException {
        Values global = new Values(sections.getOrDefault("global", Map.of("", "global")));
        global.allow("address", "port", "users", "server name", "workgroup", "signing", "encrypt sessions",
                "max connections", "idle timeout", "multi channel", "break timeout");
        List<ShareConfig> shares = new ArrayList<>();
        for (Map<String, String> s : sections.values()) {
            if (s.get("").equalsIgnoreCase("global")) {
                continue;
            }
            Values v = new Values(s);
            v.allow("path", "read only", "encrypt", "ca", "continuous availability");
            shares.add(new ShareConfig(s.get(""), v.required("path"), v.bool("read only", false),
                    v.bool("encrypt", false), v.bool("ca", false) || v.bool("continuous availability", false)));
        }
        String signing = global.text("signing", "enabled");
        if (!signing.equals("enabled") && !signing.equals("required")) {
            throw new IllegalArgumentException("signing must be enabled or required, not " + signing);
        }
        Path users = Path.of(global.text("users", defaultUsers.toString()));
        return new SmbConfig(global.text("address", "0.0.0.0"), global.integer("port", SmbConfig.DEFAULT_PORT), shares,
                UserDatabase.load(users), global.text("server name", "HANDLEFS"), global.text("workgroup", "WORKGROUP"),
                signing.equals("required"), global.bool("encrypt sessions", false), global.integer("max connections", 256),
                SmbConfig.DEFAULT_MAX_FRAME, Duration.ofSeconds(global.integer("idle timeout", 900)),
                global.bool("multi channel", false), Duration.ofSeconds(global.integer("break timeout", 35)));
    }

    /** One section's values, typed. */
    private static final class Values extends LinkedHashMap<String, String> {
        private static final long serialVersionUID = 1L;

        Values(Map<String, String> m) {
            super(m);
        }

        void allow(String... keys) {
            List<String> known = List.of(keys);
            for (String k : keySet()) {
                if (!k.isEmpty() && !known.contains(k)) {
                    throw new IllegalArgumentException("[" + get("") + "]: unknown key '" + k + "'");
                }
            }
        }

        String text(String key, String def) {
            return getOrDefault(key, def);
        }

        String required(String key) {
            String v = get(key);
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException("[" + get("") + "]: '" + key + "' is required");
            }
            return v;
        }

        int integer(String key, int def) {
            String v = get(key);
            try {
                return v == null ? def : Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("[" + get("") + "]: '" + key + "' is not a number: " + v);
            }
        }

        boolean bool(String key, boolean def) {
            String v = get(key);
            if (v == null) {
                return def;
            }
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "yes", "true", "on", "1" -> true;
                case "no", "false", "off", "0" -> false;
                default -> throw new IllegalArgumentException("[" + get("") + "]: '" + key + "' is not yes or no: " + v);
            };
        }
    }
}
