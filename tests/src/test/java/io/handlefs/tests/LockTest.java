package io.handlefs.tests;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LockCases} through /dev/fuse, with the locks kept by the kernel at the mount (the default). */
class LockTest extends LockCases {
    @RegisterExtension
    static final SharedMount MOUNT = new SharedMount("locks");

    @Override
    SharedMount fx() {
        return MOUNT;
    }
}
