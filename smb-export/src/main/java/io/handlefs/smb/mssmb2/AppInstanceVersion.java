package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** SMB2_CREATE_APP_INSTANCE_VERSION, [MS-SMB2] 2.2.13.2.15 (3.1.1 only): the version of an app instance. */
public record AppInstanceVersion(long high, long low) {
    public static final String NAME = new String(new byte[] {(byte) 0xB9, (byte) 0x82, (byte) 0xD0, (byte) 0xB7,
            0x3B, 0x56, 0x07, 0x4F, (byte) 0xA0, 0x7B, 0x52, 0x4A, (byte) 0x81, 0x16, (byte) 0xA0, 0x10},
            StandardCharsets.ISO_8859_1);
    public static final int SIZE = 24;

    public static AppInstanceVersion decode(byte[] data) {
        Contexts.exactLength("AppInstanceVersion", data, SIZE);
        WireReader r = Contexts.reader(data);
        r.structureSize(SIZE, "SMB2_CREATE_APP_INSTANCE_VERSION");
        r.skip(6);
        return new AppInstanceVersion(r.u64(), r.u64());
    }

    /** Whether this version is newer than another (compared unsigned, high half first). */
    public boolean newerThan(AppInstanceVersion other) {
        int c = Long.compareUnsigned(high, other.high);
        return c > 0 || c == 0 && Long.compareUnsigned(low, other.low) > 0;
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) SIZE);                  // StructureSize (2)
        b.putShort((short) 0);                     // Reserved (2)
        b.putInt(0);                               // Padding (4)
        b.putLong(high);                           // AppInstanceVersionHigh (8)
        b.putLong(low);                            // AppInstanceVersionLow (8)
        return b.array();
    }
}
