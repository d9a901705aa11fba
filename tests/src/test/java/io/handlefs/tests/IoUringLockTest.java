package io.handlefs.tests;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link LockCases} through FUSE over io_uring, with the locks on the lower files: a blocking lock
 * is answered later through the ring.
 */
class IoUringLockTest extends LockCases {
    @RegisterExtension
    static final SharedMount MOUNT = new IoUringMount("locks-uring", "locks=lower");

    @Override
    SharedMount fx() {
        return MOUNT;
    }
}
