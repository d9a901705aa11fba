package io.handlefs.smb.msfscc;

import io.handlefs.smb.mssmb2.Wire;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Stat;

/** File attributes, [MS-FSCC] 2.6 (how a file shows them: {@link FileView}). */
public final class FileAttributes {
    public static final int READONLY = 0x1;
    public static final int HIDDEN = 0x2;
    public static final int SYSTEM = 0x4;
    public static final int DIRECTORY = 0x10;
    public static final int ARCHIVE = 0x20;
    public static final int NORMAL = 0x80;
    public static final int TEMPORARY = 0x100;
    public static final int SPARSE_FILE = 0x200;

    private FileAttributes() {}

    public static boolean isDirectory(Stat s) {
        return (s.mode() & Linux.S_IFMT) == Linux.S_IFDIR;
    }

    static long filetime(long seconds, long nanos) {
        return Wire.filetime(seconds, nanos);
    }
}
