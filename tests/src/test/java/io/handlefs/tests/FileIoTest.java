package io.handlefs.tests;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FileIoCases} with FUSE passthrough (the default where the kernel and the daemon's rights allow it). */
class FileIoTest extends FileIoCases {
    @RegisterExtension
    static final SharedMount MOUNT = new SharedMount("io");

    @Override
    SharedMount fx() {
        return MOUNT;
    }
}
