package io.handlefs.fuse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One line of /proc/self/mountinfo. Reading it never touches the mounted filesystem, so it is
 * safe before the FUSE connection has answered INIT (a stat of the mount point would block).
 *
 * @param minor the device minor: for FUSE, the connection number under /sys/fs/fuse/connections
 * @param mountPoint the mount point, with the kernel's octal escapes undone
 */
public record MountInfo(long major, long minor, String mountPoint, String fsType) {

    /** The topmost mount at this absolute path, if any. */
    public static Optional<MountInfo> at(String absolutePath) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/self/mountinfo"), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MountInfo found = null;
        for (String line : lines) {
            MountInfo m = parse(line);
            if (m != null && m.mountPoint.equals(absolutePath)) {
                found = m; // later lines are mounted on top of earlier ones
            }
        }
        return Optional.ofNullable(found);
    }

    /** Fields: id parent major:minor root mountpoint options [optional...] - fstype source superopts. */
    static MountInfo parse(String line) {
        String[] f = line.split(" ");
        int dash = java.util.Arrays.asList(f).indexOf("-");
        if (f.length < 5 || dash < 0 || dash + 1 >= f.length) {
            return null;
        }
        String[] dev = f[2].split(":");
        if (dev.length != 2) {
            return null;
        }
        return new MountInfo(Long.parseLong(dev[0]), Long.parseLong(dev[1]), unescape(f[4]), f[dash + 1]);
    }

    /** The kernel writes space, tab, newline and backslash as \ooo. */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
