package io.handlefs.fuse;

import io.handlefs.fuse.wire.OpenOut;
import io.handlefs.sys.Linux;

/**
 * How the kernel's open flags become the lower open's, once INIT has settled the I/O mode.
 *
 * <p>Writeback cache: the kernel reads pages around partial writes even for a write-only open,
 * and appends in its own cache, so a write-only open is opened read-write and O_APPEND is dropped
 * (as libfuse's passthrough_ll does). Passthrough: the backing file must be the daemon's
 * read-write open of the file; a write-only create opened read-write at once serves as that
 * backing file, which spares a second open through /proc. Either way a file the caller may not
 * read is opened as asked ({@link io.handlefs.lookup.OpenFiles} retries on EACCES).
 */
final class OpenModes {
    /** Flags a shared backing file must not carry: they would apply to every open of the node. */
    private static final int PER_OPEN = Linux.O_APPEND | Linux.O_SYNC | Linux.O_DIRECT | Linux.O_NONBLOCK
            | Linux.O_NOATIME;

    private volatile boolean writeback;
    private volatile boolean passthrough;
    private volatile boolean flushOnClose = true;

    /**
     * Called once INIT is answered, with what the kernel granted. flushOnClose: whether a close
     * has work here, to drop the closer's locks on the lower file or to report the lower
     * filesystem's delayed write errors.
     */
    void enable(boolean writebackGranted, boolean passthroughGranted, boolean flushOnClose) {
        writeback = writebackGranted;
        passthrough = passthroughGranted;
        this.flushOnClose = flushOnClose;
    }

    /** FOPEN_ flags every open of a regular file carries: FOPEN_NOFLUSH when a close has no work here. */
    int openFlags() {
        return flushOnClose ? 0 : OpenOut.FOPEN_NOFLUSH;
    }

    /** Whether the kernel granted passthrough: {@link BackingFiles} registers backing files only then. */
    boolean passthrough() {
        return passthrough;
    }

    /** The flags for the lower open of a kernel's OPEN or CREATE. */
    int lowerFlags(int kernelFlags) {
        return writeback ? kernelFlags & ~Linux.O_APPEND : kernelFlags;
    }

    /** Whether an OPEN should try read access beside write access. */
    boolean widenOpen(int kernelFlags) {
        return writeback && writeOnly(kernelFlags);
    }

    /** Whether a CREATE should try read access beside write access. */
    boolean widenCreate(int kernelFlags) {
        return writeOnly(kernelFlags) && (writeback || passthrough && (kernelFlags & PER_OPEN) == 0);
    }

    private static boolean writeOnly(int flags) {
        return (flags & Linux.O_ACCMODE) == Linux.O_WRONLY;
    }
}
