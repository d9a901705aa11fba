package io.handlefs.cli;

import io.handlefs.fuse.MountInfo;
import io.handlefs.sys.RawNames;

/** Questions about what is mounted where. */
final class Mounts {
    private Mounts() {}

    /** Whether a handlefs FUSE mount sits at this absolute path. */
    static boolean isHandlefsMount(String absolutePath) {
        return MountInfo.at(RawNames.fromUnicode(absolutePath)).map(m -> m.fsType().equals("fuse.handlefs"))
                .orElse(false);
    }
}
