package io.handlefs.tests;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SparseFileCases} through the daemon's own I/O path (-o no_passthrough). */
class SparseFileDaemonPathTest extends SparseFileCases {
    @RegisterExtension
    static final SharedMount MOUNT = new SharedMount("sparse-daemon", "no_passthrough");

    @Override
    SharedMount fx() {
        return MOUNT;
    }
}
