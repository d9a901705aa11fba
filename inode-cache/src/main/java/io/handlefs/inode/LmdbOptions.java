package io.handlefs.inode;

/**
 * Settings of the durable node table.
 *
 * @param mapSize    the most bytes the LMDB environment may grow to (address space, not disk: the
 *                   file grows as rows are written)
 * @param sync       what a commit waits for
 * @param sweepBatch how many rows one read transaction of {@link NodeTable#sweep} covers: a reader
 *                   pins the pages it sees, so a sweep must not read the whole table in one
 */
public record LmdbOptions(long mapSize, SyncPolicy sync, int sweepBatch) {
    public static final LmdbOptions DEFAULTS = new LmdbOptions(1L << 30, SyncPolicy.DURABLE, 10_000);

    public LmdbOptions {
        if (mapSize < 1 << 20) {
            throw new IllegalArgumentException("map size " + mapSize + " below 1 MiB");
        }
        if (sweepBatch < 1) {
            throw new IllegalArgumentException("sweep batch " + sweepBatch);
        }
    }

    public LmdbOptions withMapSize(long bytes) {
        return new LmdbOptions(bytes, sync, sweepBatch);
    }

    public LmdbOptions withSync(SyncPolicy policy) {
        return new LmdbOptions(mapSize, policy, sweepBatch);
    }

    public LmdbOptions withSweepBatch(int rows) {
        return new LmdbOptions(mapSize, sync, rows);
    }
}
