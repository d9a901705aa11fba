package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2_CREATE_APP_INSTANCE_VERSION, [MS-SMB2] 2.2.13.2.15 (3.1.1 only): the version of an app instance. */
public record AppInstanceVersion(long high, long low) {
    public static final String NAME = Contexts.guidTag("B982D0B73B56074FA07B524A8116A010");
    public static final int SIZE = 24;

    public static AppInstanceVersion decode(byte[] data) {
        WireReader r = Contexts.reader("AppInstanceVersion", data, SIZE);
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
        ByteBuffer b = Contexts.buffer(SIZE);
        b.putShort((short) SIZE);                  // StructureSize (2)
        b.putShort((short) 0);                     // Reserved (2)
        b.putInt(0);                               // Padding (4)
        b.putLong(high);                           // AppInstanceVersionHigh (8)
        b.putLong(low);                            // AppInstanceVersionLow (8)
        return b.array();
    }

    /** This context as it travels in a CREATE. */
    public CreateContext context() {
        return new CreateContext(NAME, encode());
    }
}
