package io.handlefs.smb.msfscc;

import io.handlefs.smb.mssmb2.FileStat;
import io.handlefs.sys.Stat;

/**
 * A file as SMB shows it: its POSIX stat seen through the DOS information stored with it. A
 * directory is DIRECTORY; a file nobody may write is READONLY; hidden, system and archive are
 * what was stored, and a file with nothing stored is ARCHIVE (as Samba shows it). Without a
 * stored creation time the oldest of the stat's times stands in (statx's birth time is not kept).
 */
public record FileView(Stat stat, DosInfo dos) {
    /** Allocation is reported in blocks of this size. */
    private static final long BLOCK = 512;

    public static FileView of(Stat stat) {
        return new FileView(stat, DosInfo.NONE);
    }

    public boolean isDirectory() {
        return FileAttributes.isDirectory(stat);
    }

    public int attributes() {
        if (isDirectory()) {
            return FileAttributes.DIRECTORY | (dos.attributes() & (FileAttributes.HIDDEN | FileAttributes.SYSTEM));
        }
        int a = dos.hasAttributes() ? dos.attributes() : FileAttributes.ARCHIVE;
        if ((stat.mode() & 0222) == 0) {
            a |= FileAttributes.READONLY;
        }
        return a == 0 ? FileAttributes.NORMAL : a;
    }

    public long creationTime() {
        if (dos.creationTime() != 0) {
            return dos.creationTime();
        }
        return FileAttributes.filetime(Math.min(stat.mtimeSec(), Math.min(stat.ctimeSec(), stat.atimeSec())), 0);
    }

    public long accessTime() {
        return FileAttributes.filetime(stat.atimeSec(), stat.atimeNsec());
    }

    public long writeTime() {
        return FileAttributes.filetime(stat.mtimeSec(), stat.mtimeNsec());
    }

    public long changeTime() {
        if (dos.changeTime() != 0 && dos.changeGuard() == writeTime()) {
            return dos.changeTime();
        }
        return FileAttributes.filetime(stat.ctimeSec(), stat.ctimeNsec());
    }

    public long endOfFile() {
        return isDirectory() ? 0 : stat.size();
    }

    public long allocationSize() {
        return isDirectory() ? 0 : stat.blocks() * BLOCK;
    }

    /** The CREATE/CLOSE response view. */
    public FileStat fileStat() {
        return new FileStat(creationTime(), accessTime(), writeTime(), changeTime(), allocationSize(), endOfFile(),
                attributes());
    }
}
