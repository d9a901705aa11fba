package io.handlefs.fuse.wire;

/**
 * What the daemon wants from INIT. Flags the kernel does not offer are dropped.
 *
 * @param wantedFlags {@link InitFlags} bits wanted ({@code INIT_EXT}, {@code MAX_PAGES},
 *     {@code PASSTHROUGH} and {@code REQUEST_TIMEOUT} are managed from the fields below)
 * @param maxWrite largest WRITE payload, bytes (default 1 MiB)
 * @param maxPages max pages per request, 1..65535 (default maxWrite / 4096); the kernel caps it
 *     at fs.fuse.max_pages_limit
 * @param maxReadahead readahead cap, bytes, unsigned (-1 = whatever the kernel offers)
 * @param timeGran timestamp granularity in ns, 1..1e9 (default 1)
 * @param maxBackground max pending background requests, 0..65535 (0 = kernel default)
 * @param congestionThreshold 0..65535 (0 = kernel default)
 * @param passthrough want FUSE_PASSTHROUGH (drops WRITEBACK_CACHE, which conflicts)
 * @param maxStackDepth filesystem stacking depth for passthrough, 1..2
 * @param requestTimeoutSecs ask the kernel to abort the connection when a request takes longer
 *     than this, 0..65535 (0 = no timeout)
 */
public record InitOptions(long wantedFlags, int maxWrite, int maxPages, int maxReadahead,
        int timeGran, int maxBackground, int congestionThreshold, boolean passthrough,
        int maxStackDepth, int requestTimeoutSecs) {

    public static final int DEFAULT_MAX_WRITE = 1 << 20;
    public static final int PAGE_SIZE = 4096;
    /** Linux FILESYSTEM_MAX_STACK_DEPTH. */
    public static final int FILESYSTEM_MAX_STACK_DEPTH = 2;

    public InitOptions {
        if (maxWrite < PAGE_SIZE) {
            throw new IllegalArgumentException("maxWrite " + maxWrite + " < 4096");
        }
        if (maxPages < 1 || maxPages > 0xFFFF) {
            throw new IllegalArgumentException("maxPages " + maxPages);
        }
        if (timeGran < 1 || timeGran > 1_000_000_000) {
            throw new IllegalArgumentException("timeGran " + timeGran);
        }
        if (maxBackground < 0 || maxBackground > 0xFFFF) {
            throw new IllegalArgumentException("maxBackground " + maxBackground);
        }
        if (congestionThreshold < 0 || congestionThreshold > 0xFFFF) {
            throw new IllegalArgumentException("congestionThreshold " + congestionThreshold);
        }
        if (maxStackDepth < 1 || maxStackDepth > FILESYSTEM_MAX_STACK_DEPTH) {
            throw new IllegalArgumentException("maxStackDepth " + maxStackDepth);
        }
        if (requestTimeoutSecs < 0 || requestTimeoutSecs > 0xFFFF) {
            throw new IllegalArgumentException("requestTimeoutSecs " + requestTimeoutSecs);
        }
    }

    /** Defaults (1 MiB writes, 256 pages, kernel readahead, 1 ns, no passthrough) with flags. */
    public static InitOptions defaults(long wantedFlags) {
        return new InitOptions(wantedFlags, DEFAULT_MAX_WRITE, DEFAULT_MAX_WRITE / PAGE_SIZE, -1,
                1, 0, 0, false, 1, 0);
    }

    public InitOptions withMaxWrite(int bytes) {
        int pages = Math.min(0xFFFF, Math.max(1, (bytes + PAGE_SIZE - 1) / PAGE_SIZE));
        return new InitOptions(wantedFlags, bytes, pages, maxReadahead, timeGran, maxBackground,
                congestionThreshold, passthrough, maxStackDepth, requestTimeoutSecs);
    }

    public InitOptions withPassthrough(boolean on, int stackDepth) {
        return new InitOptions(wantedFlags, maxWrite, maxPages, maxReadahead, timeGran,
                maxBackground, congestionThreshold, on, stackDepth, requestTimeoutSecs);
    }

    public InitOptions withRequestTimeout(int seconds) {
        return new InitOptions(wantedFlags, maxWrite, maxPages, maxReadahead, timeGran,
                maxBackground, congestionThreshold, passthrough, maxStackDepth, seconds);
    }
}
