package io.handlefs.fuse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a mount is asked for, from the command line's -o list and flags.
 *
 * @param workers        worker threads, each reading its own cloned /dev/fuse fd
 * @param maxFds         how many O_PATH fds the node cache may keep open
 * @param entryTimeout   seconds the kernel may cache a name
 * @param attrTimeout    seconds the kernel may cache attributes
 * @param maxWrite       largest WRITE (and READ) the kernel sends
 * @param readOnly       mount read-only
 * @param sweepInterval  seconds between background sweeps of the durable node table (0: none)
 */
public record MountOptions(int workers, int maxFds, double entryTimeout, double attrTimeout, int maxWrite,
                           boolean readOnly, double sweepInterval) {
    public static final int MAX_WRITE = 1 << 20;

    public static MountOptions defaults() {
        return new MountOptions(Math.max(2, Runtime.getRuntime().availableProcessors()), 1000, 1.0, 1.0,
                MAX_WRITE, false, 3600);
    }

    /** Parses "name=value,flag,..." over these options; unknown names are an error. */
    public MountOptions with(String list) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String item : list.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            opts.put(eq < 0 ? item.trim() : item.substring(0, eq).trim(), eq < 0 ? "" : item.substring(eq + 1).trim());
        }
        MountOptions o = this;
        for (Map.Entry<String, String> e : opts.entrySet()) {
            String v = e.getValue();
            o = switch (e.getKey()) {
                case "workers" -> new MountOptions(positive(e), o.maxFds, o.entryTimeout, o.attrTimeout, o.maxWrite, o.readOnly, o.sweepInterval);
                case "max_fds" -> new MountOptions(o.workers, positive(e), o.entryTimeout, o.attrTimeout, o.maxWrite, o.readOnly, o.sweepInterval);
                case "entry_timeout" -> new MountOptions(o.workers, o.maxFds, seconds(e), o.attrTimeout, o.maxWrite, o.readOnly, o.sweepInterval);
                case "attr_timeout" -> new MountOptions(o.workers, o.maxFds, o.entryTimeout, seconds(e), o.maxWrite, o.readOnly, o.sweepInterval);
                case "sweep_interval" -> new MountOptions(o.workers, o.maxFds, o.entryTimeout, o.attrTimeout, o.maxWrite,
                        o.readOnly, seconds(e));
                case "ro" -> new MountOptions(o.workers, o.maxFds, o.entryTimeout, o.attrTimeout, o.maxWrite, true, o.sweepInterval);
                case "rw" -> new MountOptions(o.workers, o.maxFds, o.entryTimeout, o.attrTimeout, o.maxWrite, false, o.sweepInterval);
                default -> throw new IllegalArgumentException("unknown mount option '" + e.getKey() + "'"
                        + (v.isEmpty() ? "" : " (=" + v + ")"));
            };
        }
        return o;
    }

    private static int positive(Map.Entry<String, String> e) {
        try {
            int n = Integer.parseInt(e.getValue());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException("option " + e.getKey() + " needs a positive number, got '" + e.getValue() + "'");
    }

    private static double seconds(Map.Entry<String, String> e) {
        try {
            double d = Double.parseDouble(e.getValue());
            if (d >= 0 && !Double.isInfinite(d)) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException("option " + e.getKey() + " needs seconds (>= 0), got '" + e.getValue() + "'");
    }
}
