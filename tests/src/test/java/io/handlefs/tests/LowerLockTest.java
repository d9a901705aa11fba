package io.handlefs.tests;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link LockCases} through /dev/fuse, with the locks on the lower files (as when SMB shares the export). */
class LowerLockTest extends LockCases {
    @RegisterExtension
    static final SharedMount MOUNT = new SharedMount("locks-lower", "locks=lower");

    @Override
    SharedMount fx() {
        return MOUNT;
    }
}
