package io.handlefs.lookup;

import io.handlefs.sys.Linux;

/**
 * The changes one SETATTR asks for. Unchanged fields hold -1 (mode, uid, gid, size) or
 * UTIME_OMIT (the nanosecond fields of the times); UTIME_NOW sets a time to now.
 */
public record SetAttributes(int mode, int uid, int gid, long size,
                            long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec) {
    public static final SetAttributes NONE =
            new SetAttributes(-1, -1, -1, -1, 0, Linux.UTIME_OMIT, 0, Linux.UTIME_OMIT);

    boolean changesMode() {
        return mode != -1;
    }

    boolean changesOwner() {
        return uid != -1 || gid != -1;
    }

    boolean changesSize() {
        return size != -1;
    }

    boolean changesTimes() {
        return atimeNsec != Linux.UTIME_OMIT || mtimeNsec != Linux.UTIME_OMIT;
    }
}
