package io.handlefs.smb.msfscc;

import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.smb.mssmb2.Wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes QUERY_DIRECTORY entries, [MS-FSCC] 2.4: FileDirectoryInformation (2.4.10),
 * FileFullDirectoryInformation (2.4.14), FileBothDirectoryInformation (2.4.8),
 * FileNamesInformation (2.4.28), FileIdBothDirectoryInformation (2.4.17) and
 * FileIdFullDirectoryInformation (2.4.18). Entries are 8-byte aligned and chained by
 * NextEntryOffset; the last one's is 0.
 */
public final class DirectoryEntries {
    private final int infoClass;
    private final ByteBuffer out;
    private int lastEntry = -1;
    private int count;

    /** A writer of at most {@code capacity} bytes of entries of one class. */
    public DirectoryEntries(int infoClass, int capacity) {
        if (fixedSize(infoClass) < 0) {
            throw new SmbException(NtStatus.INVALID_INFO_CLASS, "directory class " + infoClass);
        }
        this.infoClass = infoClass;
        this.out = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int fixedSize(int infoClass) {
        return switch (infoClass) {
            case InfoClass.FILE_DIRECTORY -> 64;
            case InfoClass.FILE_FULL_DIRECTORY -> 68;
            case InfoClass.FILE_BOTH_DIRECTORY -> 94;
            case InfoClass.FILE_NAMES -> 12;
            case InfoClass.FILE_ID_BOTH_DIRECTORY -> 104;
            case InfoClass.FILE_ID_FULL_DIRECTORY -> 80;
            default -> -1;
        };
    }

    public int count() {
        return count;
    }

    /** Adds one entry; false (and nothing written) when it does not fit. */
    public boolean add(String name, FileView file, long fileIndex) {
        byte[] n = Wire.utf16(name);
        int start = Wire.align(out.position(), 8);
        int size = fixedSize(infoClass) + n.length;
        if (start + size > out.capacity()) {
            return false;
        }
        if (lastEntry >= 0) {
            out.putInt(lastEntry, start - lastEntry);
        }
        while (out.position() < start) {
            out.put((byte) 0);
        }
        out.putInt(0);                                // NextEntryOffset (4)
        out.putInt(0);                                // FileIndex (4)
        if (infoClass == InfoClass.FILE_NAMES) {
            out.putInt(n.length).put(n);              // FileNameLength (4), FileName
        } else {
            out.putLong(file.creationTime());   // CreationTime (8)
            out.putLong(file.accessTime());     // LastAccessTime (8)
            out.putLong(file.writeTime());      // LastWriteTime (8)
            out.putLong(file.changeTime());     // ChangeTime (8)
            out.putLong(file.endOfFile());      // EndOfFile (8)
            out.putLong(file.allocationSize()); // AllocationSize (8)
            out.putInt(file.attributes());              // FileAttributes (4)
            out.putInt(n.length);                             // FileNameLength (4)
            if (infoClass != InfoClass.FILE_DIRECTORY) {
                out.putInt(0);                                // EaSize (4)
            }
            if (infoClass == InfoClass.FILE_BOTH_DIRECTORY || infoClass == InfoClass.FILE_ID_BOTH_DIRECTORY) {
                out.put((byte) 0).put((byte) 0);              // ShortNameLength (1), Reserved1 (1)
                out.put(new byte[24]);                        // ShortName (24)
            }
            if (infoClass == InfoClass.FILE_ID_BOTH_DIRECTORY) {
                out.putShort((short) 0);                      // Reserved2 (2)
                out.putLong(fileIndex);                       // FileId (8)
            } else if (infoClass == InfoClass.FILE_ID_FULL_DIRECTORY) {
                out.putInt(0);                                // Reserved (4)
                out.putLong(fileIndex);                       // FileId (8)
            }
            out.put(n);                                       // FileName
        }
        lastEntry = start;
        count++;
        return true;
    }

    public byte[] bytes() {
        return Arrays.copyOf(out.array(), out.position());
    }
}
