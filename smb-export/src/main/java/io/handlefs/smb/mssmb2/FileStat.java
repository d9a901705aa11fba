package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/**
 * The times, sizes and attributes that CREATE and CLOSE responses carry and that
 * FileNetworkOpenInformation holds: four FILETIMEs, allocation size, end of file, attributes.
 */
public record FileStat(long creationTime, long lastAccessTime, long lastWriteTime, long changeTime,
                       long allocationSize, long endOfFile, int attributes) {
    public static final FileStat NONE = new FileStat(0, 0, 0, 0, 0, 0, 0);

    public static FileStat decode(WireReader r) {
        return new FileStat(r.u64(), r.u64(), r.u64(), r.u64(), r.u64(), r.u64(), r.bits32());
    }

    /** 52 bytes: the four times, the two sizes, the attributes. */
    public void encode(ByteBuffer out) {
        out.putLong(creationTime).putLong(lastAccessTime).putLong(lastWriteTime).putLong(changeTime);
        out.putLong(allocationSize).putLong(endOfFile).putInt(attributes);
    }
}
