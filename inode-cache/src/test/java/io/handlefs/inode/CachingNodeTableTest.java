package io.handlefs.inode;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The contract through a cache small enough that the contract's tables overflow it. */
class CachingNodeTableTest extends NodeTableContract {
    @TempDir
    Path dir;

    @Override
    NodeTable newTable() {
        return new CachingNodeTable(LmdbNodeTable.open(dir, LmdbNodeTableTest.OPTIONS), 8);
    }
}
