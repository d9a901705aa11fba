package io.handlefs.smb.msfscc;

import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.smb.mssmb2.Wire;
import io.handlefs.sys.StatFs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Encodes the file system information classes, [MS-FSCC] 2.5, from statfs. */
public final class FsInformation {
    private static final int FILE_DEVICE_DISK = 0x7;
    private static final int CASE_SENSITIVE_SEARCH = 0x1;
    private static final int CASE_PRESERVED_NAMES = 0x2;
    private static final int UNICODE_ON_DISK = 0x4;
    private static final int SUPPORTS_SPARSE_FILES = 0x40;
    private static final int SECTOR = 512;

    private FsInformation() {}

    /** The fixed part of a class (see {@link FileInformation#fixedSize}); all of it for the fully fixed ones. */
    public static int fixedSize(int infoClass) {
        return switch (infoClass) {
            case InfoClass.FS_VOLUME -> 24;
            case InfoClass.FS_ATTRIBUTE -> 16;
            default -> Integer.MAX_VALUE;
        };
    }

    public static byte[] encode(int infoClass, StatFs fs, String label, long volumeSerial) {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        long unit = Math.max(fs.frsize(), SECTOR);
        int sectorsPerUnit = (int) (unit / SECTOR);
        switch (infoClass) {
            case InfoClass.FS_VOLUME -> {
                byte[] l = Wire.utf16(label);
                b.putLong(0);                             // VolumeCreationTime (8)
                b.putInt((int) volumeSerial);             // VolumeSerialNumber (4)
                b.putInt(l.length);                       // VolumeLabelLength (4)
                b.put((byte) 0).put((byte) 0);            // SupportsObjects (1), Reserved (1)
                b.put(l);
            }
            case InfoClass.FS_SIZE -> {
                b.putLong(fs.blocks());                   // TotalAllocationUnits (8)
                b.putLong(fs.bavail());                   // AvailableAllocationUnits (8)
                b.putInt(sectorsPerUnit).putInt(SECTOR);  // SectorsPerAllocationUnit, BytesPerSector (4 each)
            }
            case InfoClass.FS_FULL_SIZE -> {
                b.putLong(fs.blocks());                   // TotalAllocationUnits (8)
                b.putLong(fs.bavail());                   // CallerAvailableAllocationUnits (8)
                b.putLong(fs.bfree());                    // ActualAvailableAllocationUnits (8)
                b.putInt(sectorsPerUnit).putInt(SECTOR);  // SectorsPerAllocationUnit, BytesPerSector (4 each)
            }
            case InfoClass.FS_DEVICE -> b.putInt(FILE_DEVICE_DISK).putInt(0); // DeviceType, Characteristics
            case InfoClass.FS_ATTRIBUTE -> {
                byte[] name = Wire.utf16("NTFS");
                b.putInt(CASE_SENSITIVE_SEARCH | CASE_PRESERVED_NAMES | UNICODE_ON_DISK | SUPPORTS_SPARSE_FILES); // FileSystemAttributes (4)
                b.putInt((int) Math.min(fs.namelen(), 255)); // MaximumComponentNameLength (4)
                b.putInt(name.length).put(name);          // FileSystemNameLength (4), FileSystemName
            }
            case InfoClass.FS_CONTROL -> b.put(new byte[40]).putInt(0).putInt(0); // no quotas: thresholds, limits, flags
            case InfoClass.FS_OBJECT_ID -> b.putLong(volumeSerial).putLong(0).put(new byte[48]); // ObjectId, ExtendedInfo
            case InfoClass.FS_SECTOR_SIZE -> {
                b.putInt(SECTOR).putInt(SECTOR).putInt(SECTOR).putInt(SECTOR); // the four sector sizes (4 each)
                b.putInt(0x3);                            // Flags: aligned device and partition (4)
                b.putInt(0).putInt(0);                    // the two alignment offsets (4 each)
            }
            default -> throw new SmbException(NtStatus.INVALID_INFO_CLASS, "fs info class " + infoClass);
        }
        return Arrays.copyOf(b.array(), b.position());
    }
}
