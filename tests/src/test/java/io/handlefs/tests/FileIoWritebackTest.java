package io.handlefs.tests;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FileIoCases} with the kernel's writeback cache (-o writeback; passthrough is then off). */
class FileIoWritebackTest extends FileIoCases {
    @RegisterExtension
    static final SharedMount MOUNT = new SharedMount("io-writeback", "writeback");

    @Override
    SharedMount fx() {
        return MOUNT;
    }
}
