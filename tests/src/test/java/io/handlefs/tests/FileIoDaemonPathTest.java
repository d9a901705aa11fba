package io.handlefs.tests;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FileIoCases} through the daemon's own I/O path (-o no_passthrough). */
class FileIoDaemonPathTest extends FileIoCases {
    @RegisterExtension
    static final SharedMount MOUNT = new SharedMount("io-daemon", "no_passthrough");

    @Override
    SharedMount fx() {
        return MOUNT;
    }
}
