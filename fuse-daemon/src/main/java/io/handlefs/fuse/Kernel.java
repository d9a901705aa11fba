package io.handlefs.fuse;

import io.handlefs.lookup.Directories;
import io.handlefs.lookup.Export;
import io.handlefs.lookup.OpenFiles;
import io.handlefs.lookup.PosixLocks;

/**
 * What every worker of one mount shares: the export with its open files, directories and locks,
 * the waiter for blocking locks, how opens reach the lower files, and the mount's options.
 */
record Kernel(Export export, OpenFiles files, Directories dirs, PosixLocks locks, LockWaiter lockWaiter,
              BackingFiles backing, OpenModes modes, MountOptions options) implements AutoCloseable {

    static Kernel of(Export export, MountOptions options) {
        OpenFiles files = new OpenFiles(export);
        PosixLocks locks = new PosixLocks(files);
        OpenModes modes = new OpenModes();
        return new Kernel(export, files, new Directories(export), locks, new LockWaiter(locks), new BackingFiles(modes),
                modes, options);
    }

    @Override
    public void close() {
        lockWaiter.close();
        locks.close();
        dirs.close();
        files.close();
        export.close();
    }
}
