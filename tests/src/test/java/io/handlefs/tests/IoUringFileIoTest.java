package io.handlefs.tests;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FileIoCases} through FUSE over io_uring, on the daemon's own I/O path (READ and WRITE in the ring). */
class IoUringFileIoTest extends FileIoCases {
    @RegisterExtension
    static final SharedMount MOUNT = new IoUringMount("io-uring", "no_passthrough");

    @Override
    SharedMount fx() {
        return MOUNT;
    }
}
