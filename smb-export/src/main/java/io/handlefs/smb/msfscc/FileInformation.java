package io.handlefs.smb.msfscc;

import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.smb.mssmb2.Wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Encodes the file information classes a QUERY_INFO of InfoType FILE may ask for, [MS-FSCC] 2.4,
 * from the file's view and what the open knows (name, position, mode, access, delete pending).
 */
public final class FileInformation {
    /** What an open contributes beyond the stat. */
    public record OpenView(String path, long position, int mode, int access, boolean deletePending) {}

    private FileInformation() {}

    /**
     * The encoded class. Fixed-size classes larger than {@code max} fail with
     * STATUS_INFO_LENGTH_MISMATCH; variable ones are cut and answered with BUFFER_OVERFLOW by the caller.
     */
    public static byte[] encode(int infoClass, FileView s, OpenView open) {
        ByteBuffer b = ByteBuffer.allocate(4096 + open.path().length() * 2).order(ByteOrder.LITTLE_ENDIAN);
        switch (infoClass) {
            case InfoClass.FILE_BASIC -> basic(b, s);
            case InfoClass.FILE_STANDARD -> standard(b, s, open);
            case InfoClass.FILE_INTERNAL -> b.putLong(s.stat().ino());              // IndexNumber (8)
            case InfoClass.FILE_EA -> b.putInt(0);                          // EaSize (4)
            case InfoClass.FILE_ACCESS -> b.putInt(open.access());           // AccessFlags (4)
            case InfoClass.FILE_NAME -> name(b, open.path());
            case InfoClass.FILE_NORMALIZED_NAME -> name(b, open.path().substring(1)); // no leading backslash
            case InfoClass.FILE_POSITION -> b.putLong(open.position());      // CurrentByteOffset (8)
            case InfoClass.FILE_MODE -> b.putInt(open.mode());               // Mode (4)
            case InfoClass.FILE_ALIGNMENT -> b.putInt(0);                    // AlignmentRequirement (4): byte
            case InfoClass.FILE_ALL -> {
                basic(b, s);
                standard(b, s, open);
                b.putLong(s.stat().ino());                                          // InternalInformation (8)
                b.putInt(0);                                                 // EaInformation (4)
                b.putInt(open.access());                                     // AccessInformation (4)
                b.putLong(open.position());                                  // PositionInformation (8)
                b.putInt(open.mode());                                       // ModeInformation (4)
                b.putInt(0);                                                 // AlignmentInformation (4)
                name(b, open.path());                                        // NameInformation
            }
            case InfoClass.FILE_NETWORK_OPEN -> {
                s.fileStat().encode(b);                        // times, sizes, attributes (52)
                b.putInt(0);                                                 // Reserved (4)
            }
            case InfoClass.FILE_ATTRIBUTE_TAG -> b.putInt(s.attributes()).putInt(0); // attributes, ReparseTag
            case InfoClass.FILE_STREAM -> stream(b, s);
            case InfoClass.FILE_COMPRESSION -> {
                b.putLong(s.endOfFile());                      // CompressedFileSize (8)
                b.putShort((short) 0).put((byte) 0).put((byte) 0).put((byte) 0).put(new byte[3]); // format, shifts, reserved
            }
            case InfoClass.FILE_ALTERNATE_NAME -> throw new SmbException(NtStatus.NOT_IMPLEMENTED, "no 8.3 names");
            default -> throw new SmbException(NtStatus.INVALID_INFO_CLASS, "file info class " + infoClass);
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    /**
     * The fixed part of a class: a buffer smaller than it gets STATUS_INFO_LENGTH_MISMATCH, one
     * at least this large but too small for all gets the data cut short and STATUS_BUFFER_OVERFLOW.
     */
    public static int fixedSize(int infoClass) {
        return switch (infoClass) {
            case InfoClass.FILE_BASIC -> 40;
            case InfoClass.FILE_STANDARD -> 24;
            case InfoClass.FILE_INTERNAL, InfoClass.FILE_POSITION, InfoClass.FILE_ATTRIBUTE_TAG,
                 InfoClass.FILE_ALTERNATE_NAME -> 8;
            case InfoClass.FILE_ALL -> 104;
            case InfoClass.FILE_STREAM -> 32;
            case InfoClass.FILE_COMPRESSION -> 16;
            case InfoClass.FILE_NETWORK_OPEN -> 56;
            default -> 4;
        };
    }

    private static void basic(ByteBuffer b, FileView s) {
        b.putLong(s.creationTime());   // CreationTime (8)
        b.putLong(s.accessTime());     // LastAccessTime (8)
        b.putLong(s.writeTime());      // LastWriteTime (8)
        b.putLong(s.changeTime());     // ChangeTime (8)
        b.putInt(s.attributes());              // FileAttributes (4)
        b.putInt(0);                                 // Reserved (4)
    }

    private static void standard(ByteBuffer b, FileView s, OpenView open) {
        b.putLong(s.allocationSize()); // AllocationSize (8)
        b.putLong(s.endOfFile());      // EndOfFile (8)
        b.putInt(open.deletePending() ? Math.max(0, s.stat().nlink() - 1) : s.stat().nlink()); // NumberOfLinks (4): a pending delete has taken one
        b.put((byte) (open.deletePending() ? 1 : 0)); // DeletePending (1)
        b.put((byte) (s.isDirectory() ? 1 : 0)); // Directory (1)
        b.putShort((short) 0);                       // Reserved (2)
    }

    private static void name(ByteBuffer b, String path) {
        byte[] n = Wire.utf16(path);
        b.putInt(n.length).put(n);                   // FileNameLength (4), FileName
    }

    /** One unnamed data stream for a file; none for a directory. */
    private static void stream(ByteBuffer b, FileView s) {
        if (s.isDirectory()) {
            return;
        }
        byte[] n = Wire.utf16("::$DATA");
        b.putInt(0);                                 // NextEntryOffset (4)
        b.putInt(n.length);                          // StreamNameLength (4)
        b.putLong(s.endOfFile());      // StreamSize (8)
        b.putLong(s.allocationSize()); // StreamAllocationSize (8)
        b.put(n);
    }
}
