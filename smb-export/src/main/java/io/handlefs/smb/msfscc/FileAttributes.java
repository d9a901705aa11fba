package io.handlefs.smb.msfscc;

import io.handlefs.smb.mssmb2.FileStat;
import io.handlefs.smb.mssmb2.Wire;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Stat;

/**
 * File attributes, [MS-FSCC] 2.6, and the mapping of a POSIX stat to what SMB shows: a directory
 * is DIRECTORY, a file is ARCHIVE (as Samba maps it), and a file nobody may write is READONLY.
 * The creation time is the oldest of the times a stat has, since statx's birth time is not kept.
 */
public final class FileAttributes {
    public static final int READONLY = 0x1;
    public static final int HIDDEN = 0x2;
    public static final int SYSTEM = 0x4;
    public static final int DIRECTORY = 0x10;
    public static final int ARCHIVE = 0x20;
    public static final int NORMAL = 0x80;
    /** Allocation is reported in blocks of this size. */
    private static final long BLOCK = 512;

    private FileAttributes() {}

    public static boolean isDirectory(Stat s) {
        return (s.mode() & Linux.S_IFMT) == Linux.S_IFDIR;
    }

    public static int of(Stat s) {
        if (isDirectory(s)) {
            return DIRECTORY;
        }
        int a = ARCHIVE;
        if ((s.mode() & 0222) == 0) {
            a |= READONLY;
        }
        return a;
    }

    public static long creationTime(Stat s) {
        long sec = Math.min(s.mtimeSec(), Math.min(s.ctimeSec(), s.atimeSec()));
        return Wire.filetime(sec, 0);
    }

    public static long accessTime(Stat s) {
        return Wire.filetime(s.atimeSec(), s.atimeNsec());
    }

    public static long writeTime(Stat s) {
        return Wire.filetime(s.mtimeSec(), s.mtimeNsec());
    }

    public static long changeTime(Stat s) {
        return Wire.filetime(s.ctimeSec(), s.ctimeNsec());
    }

    public static long endOfFile(Stat s) {
        return isDirectory(s) ? 0 : s.size();
    }

    public static long allocationSize(Stat s) {
        return isDirectory(s) ? 0 : s.blocks() * BLOCK;
    }

    /** The CREATE/CLOSE response view of a stat. */
    public static FileStat fileStat(Stat s) {
        return new FileStat(creationTime(s), accessTime(s), writeTime(s), changeTime(s), allocationSize(s),
                endOfFile(s), of(s));
    }
}
