package io.handlefs.tests;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link LockCases} through FUSE over io_uring: a blocking lock is answered later through the ring. */
class IoUringLockTest extends LockCases {
    @RegisterExtension
    @Order(1)
    static final IoUringEnabled URING = new IoUringEnabled();
    @RegisterExtension
    @Order(2)
    static final SharedMount MOUNT = new SharedMount("locks-uring", "io_uring");

    @BeforeAll
    static void ringIsUsed() {
        assertTrue(IoUringEnabled.queuesRunning(), "the mount serves through io_uring");
    }

    @Override
    SharedMount fx() {
        return MOUNT;
    }
}
