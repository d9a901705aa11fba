package io.handlefs.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The running kernel's release (major.minor), for the FUSE features a mount must choose before
 * INIT tells the protocol version.
 */
record KernelRelease(int major, int minor) {
    private static final Pattern VERSION = Pattern.compile("^(\\d{1,4})\\.(\\d{1,4})");

    static KernelRelease current() {
        try {
            return parse(Files.readString(Path.of("/proc/sys/kernel/osrelease")));
        } catch (IOException e) {
            return new KernelRelease(0, 0);
        }
    }

    /** "6.18.44-fc" → 6.18; anything unreadable → 0.0 (no feature assumed). */
    static KernelRelease parse(String release) {
        Matcher m = VERSION.matcher(release.trim());
        return m.find() ? new KernelRelease(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))
                : new KernelRelease(0, 0);
    }

    /** FUSE_NOTIFY_INC_EPOCH (protocol 7.44, Linux 6.16): the daemon can make every cached name stale. */
    boolean dropsCachedNames() {
        return major > 6 || (major == 6 && minor >= 16);
    }
}
