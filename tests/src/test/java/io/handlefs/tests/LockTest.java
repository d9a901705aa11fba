package io.handlefs.tests;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LockCases} through /dev/fuse. */
class LockTest extends LockCases {
    @RegisterExtension
    static final SharedMount MOUNT = new SharedMount("locks");

    @Override
    SharedMount fx() {
        return MOUNT;
    }
}
