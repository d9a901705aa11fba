package io.handlefs.lookup;

/**
 * How an export is run.
 *
 * @param exportId the id written into every handle this export issues
 * @param maxFds   how many O_PATH fds the node cache may hold open
 */
public record ExportOptions(int exportId, int maxFds) {
    public static final int DEFAULT_MAX_FDS = 1000;

    public ExportOptions {
        if (maxFds < 1) {
            throw new IllegalArgumentException("maxFds must be at least 1, got " + maxFds);
        }
    }

    public static ExportOptions defaults() {
        return new ExportOptions(1, DEFAULT_MAX_FDS);
    }
}
