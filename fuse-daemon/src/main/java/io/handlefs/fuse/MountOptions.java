package io.handlefs.fuse;

import io.handlefs.inode.LmdbOptions;
import io.handlefs.inode.SyncPolicy;

import java.util.Locale;
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
 * @param nodeSync       when the durable node table reaches the disk
 * @param nodeMapSize    the most bytes the durable node table may grow to (about 210 MiB a million nodes)
 * @param passthrough    let the kernel read and write the lower files itself (FUSE passthrough)
 * @param writeback      let the kernel cache writes (FUSE_WRITEBACK_CACHE); the kernel allows it only
 *                       without passthrough, so it turns passthrough off
 * @param kernelChecks   mount with default_permissions: the kernel checks every access against
 *                       cached modes before asking the daemon (which checks again as the caller).
 *                       Off by default where the kernel can be told to drop cached names
 *                       (FUSE_NOTIFY_INC_EPOCH): the daemon's checks as the caller are then the
 *                       only ones, and names are cached only in directories anyone may search
 * @param ioUring        serve requests through FUSE over io_uring where the kernel offers it
 *                       (module parameter fuse.enable_uring), one queue and thread per CPU
 * @param spinMicros     how long a worker that has just answered polls /dev/fuse for the next
 *                       request before it sleeps (one worker at a time; 0: never): the next
 *                       request of a caller waiting on the answer comes within microseconds, and
 *                       a worker awake for it spares the kernel waking one
 * @param locks          where POSIX and OFD locks taken through the mount are kept ({@link Locks})
 */
public record MountOptions(int workers, int maxFds, double entryTimeout, double attrTimeout, int maxWrite,
                           boolean readOnly, double sweepInterval, SyncPolicy nodeSync, long nodeMapSize,
                           boolean passthrough, boolean writeback, boolean kernelChecks,
                           boolean ioUring, int spinMicros, Locks locks) {
    public static final int MAX_WRITE = 1 << 20;
    /** The longest spin= accepted: beyond this, polling costs more than any wake-up it spares. */
    static final int MAX_SPIN_MICROS = 10_000;

    /** Where locks taken through the mount are kept ({@code -o locks=local|lower}). */
    public enum Locks {
        /**
         * As OFD locks on the lower files (FUSE_POSIX_LOCKS): the SMB server beside the mount and
         * every user of the lower tree see them. Each close then waits for a FLUSH, which drops
         * the closer's locks.
         */
        LOWER,
        /**
         * In the kernel, at the mount: every user of the mount sees them, and so does whatever
         * re-exports it (NFS, Samba); users of the lower tree do not. A close then does not ask
         * the daemon (FOPEN_NOFLUSH), unless the lower filesystem reports write errors at close.
         */
        LOCAL,
        /** Not chosen: {@link #LOWER} once the SMB server shares the export, else {@link #LOCAL}. */
        AUTO
    }

    public static MountOptions defaults() {
        return new MountOptions(Math.max(2, Runtime.getRuntime().availableProcessors()), 1000, 1.0, 1.0,
                MAX_WRITE, false, 3600, SyncPolicy.PERIODIC, 4L << 30, true, false, !KernelRelease.current().dropsCachedNames(), false, 50,
                Locks.AUTO);
    }

    /** Parses "name=value,flag,..." over these options; unknown names are an error. */
    public MountOptions with(String list) {
        int workers = this.workers;
        int maxFds = this.maxFds;
        double entryTimeout = this.entryTimeout;
        double attrTimeout = this.attrTimeout;
        boolean readOnly = this.readOnly;
        double sweepInterval = this.sweepInterval;
        SyncPolicy nodeSync = this.nodeSync;
        long nodeMapSize = this.nodeMapSize;
        boolean passthrough = this.passthrough;
        boolean writeback = this.writeback;
        boolean kernelChecks = this.kernelChecks;
        boolean ioUring = this.ioUring;
        int spinMicros = this.spinMicros;
        Locks locks = this.locks;
        for (String item : list.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            Map.Entry<String, String> e = Map.entry(eq < 0 ? item.trim() : item.substring(0, eq).trim(),
                    eq < 0 ? "" : item.substring(eq + 1).trim());
            switch (e.getKey()) {
                case "workers" -> workers = positive(e);
                case "max_fds" -> maxFds = positive(e);
                case "entry_timeout" -> entryTimeout = seconds(e);
                case "attr_timeout" -> attrTimeout = seconds(e);
                case "sweep_interval" -> sweepInterval = seconds(e);
                case "sync" -> nodeSync = sync(e);
                case "map_size" -> nodeMapSize = bytes(e);
                case "passthrough" -> passthrough = true;
                case "no_passthrough" -> passthrough = false;
                case "writeback" -> writeback = true;
                case "no_writeback" -> writeback = false;
                case "default_permissions" -> kernelChecks = true;
                case "no_default_permissions" -> kernelChecks = false;
                case "io_uring" -> ioUring = true;
                case "no_io_uring" -> ioUring = false;
                case "spin" -> spinMicros = micros(e);
                case "locks" -> locks = locks(e);
                case "ro" -> readOnly = true;
                case "rw" -> readOnly = false;
                default -> throw new IllegalArgumentException("unknown mount option '" + e.getKey() + "'"
                        + (e.getValue().isEmpty() ? "" : " (=" + e.getValue() + ")"));
            }
        }
        return new MountOptions(workers, maxFds, entryTimeout, attrTimeout, maxWrite, readOnly, sweepInterval, nodeSync,
                nodeMapSize, passthrough && !writeback, writeback, kernelChecks, ioUring, spinMicros, locks);
    }

    /** These options with the kernel's permission checks on (a daemon that cannot switch users needs them). */
    public MountOptions withKernelChecks() {
        return new MountOptions(workers, maxFds, entryTimeout, attrTimeout, maxWrite, readOnly, sweepInterval, nodeSync,
                nodeMapSize, passthrough, writeback, true, ioUring, spinMicros, locks);
    }

    /**
     * These options for a mount whose export the SMB server shares: locks on the lower files, so
     * that an SMB client's byte-range locks and a local process's meet.
     */
    public MountOptions sharedWithSmb() {
        if (locks == Locks.LOCAL) {
            throw new IllegalArgumentException("-o locks=local cannot be used with the SMB export: its clients would "
                    + "not see the mount's locks, nor the mount theirs (use locks=lower, the default with SMB)");
        }
        return new MountOptions(workers, maxFds, entryTimeout, attrTimeout, maxWrite, readOnly, sweepInterval, nodeSync,
                nodeMapSize, passthrough, writeback, kernelChecks, ioUring, spinMicros, Locks.LOWER);
    }

    /** Whether locks taken through the mount are OFD locks on the lower files. */
    public boolean lowerLocks() {
        return locks == Locks.LOWER;
    }

    /** The node table's settings these options ask for. */
    public LmdbOptions nodeTable() {
        return LmdbOptions.DEFAULTS.withSync(nodeSync).withMapSize(nodeMapSize);
    }

    /** A size: bytes, or with a K, M, G or T suffix (powers of 1024). */
    private static long bytes(Map.Entry<String, String> e) {
        String v = e.getValue().toUpperCase(Locale.ROOT);
        int shift = v.isEmpty() ? 0 : switch (v.charAt(v.length() - 1)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        try {
            long n = Long.parseLong(shift == 0 ? v : v.substring(0, v.length() - 1));
            if (n > 0 && n <= Long.MAX_VALUE >> shift && (n << shift) >= 1 << 20) {
                return n << shift;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException("option " + e.getKey() + " needs a size of at least 1M (e.g. 16G), got '"
                + e.getValue() + "'");
    }

    private static Locks locks(Map.Entry<String, String> e) {
        return switch (e.getValue()) {
            case "local" -> Locks.LOCAL;
            case "lower" -> Locks.LOWER;
            default -> throw new IllegalArgumentException("option locks is local or lower, got '" + e.getValue() + "'");
        };
    }

    private static SyncPolicy sync(Map.Entry<String, String> e) {
        return switch (e.getValue()) {
            case "durable" -> SyncPolicy.DURABLE;
            case "periodic" -> SyncPolicy.PERIODIC;
            default -> throw new IllegalArgumentException("option sync is durable or periodic, got '" + e.getValue() + "'");
        };
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

    private static int micros(Map.Entry<String, String> e) {
        try {
            int n = Integer.parseInt(e.getValue());
            if (n >= 0 && n <= MAX_SPIN_MICROS) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException("option " + e.getKey() + " needs microseconds from 0 to " + MAX_SPIN_MICROS
                + ", got '" + e.getValue() + "'");
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
