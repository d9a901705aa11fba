package io.handlefs.tests;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LockCases} through FUSE over io_uring: a blocking lock is answered later through the ring. */
class IoUringLockTest extends LockCases {
    @RegisterExtension
    static final SharedMount MOUNT = new IoUringMount("locks-uring", "");

    @Override
    SharedMount fx() {
        return MOUNT;
    }
}
