package io.handlefs.tests;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SparseFileCases} with FUSE passthrough (the default where the kernel and the daemon's rights allow it). */
class SparseFileTest extends SparseFileCases {
    @RegisterExtension
    static final SharedMount MOUNT = new SharedMount("sparse");

    @Override
    SharedMount fx() {
        return MOUNT;
    }
}
