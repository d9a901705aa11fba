package io.handlefs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads /proc/self/mountinfo. */
final class Mounts {
    private Mounts() {}

    /** Whether a handlefs FUSE mount sits at this absolute path. */
    static boolean isHandlefsMount(String absolutePath) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            // fields: id parent major:minor root mountpoint options ... - fstype source superopts
            String[] f = line.split(" ");
            int dash = line.indexOf(" - ");
            if (f.length > 4 && dash > 0 && f[4].equals(absolutePath)
                    && line.substring(dash + 3).startsWith("fuse.handlefs ")) {
                return true;
            }
        }
        return false;
    }
}
