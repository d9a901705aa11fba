package io.handlefs.tests;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link FileIoCases} through FUSE over io_uring, on the daemon's own I/O path (READ and WRITE in the ring). */
class IoUringFileIoTest extends FileIoCases {
    @RegisterExtension
    @Order(1)
    static final IoUringEnabled URING = new IoUringEnabled();
    @RegisterExtension
    @Order(2)
    static final SharedMount MOUNT = new SharedMount("io-uring", "io_uring,no_passthrough");

    @BeforeAll
    static void ringIsUsed() {
        assertTrue(IoUringEnabled.queuesRunning(), "the mount serves through io_uring");
    }

    @Override
    SharedMount fx() {
        return MOUNT;
    }
}
