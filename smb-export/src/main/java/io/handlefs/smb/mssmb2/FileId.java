package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/**
 * SMB2_FILEID, [MS-SMB2] 2.2.14.1: the persistent and volatile halves of an open's identifier.
 * All ones in both halves means "the file of the previous request" in a related compound.
 */
public record FileId(long persistent, long volatileId) {
    public static final int SIZE = 16;
    public static final FileId COMPOUNDED = new FileId(-1L, -1L);
    public static final FileId NONE = new FileId(0, 0);

    public static FileId decode(WireReader r) {
        return new FileId(r.u64(), r.u64());
    }

    public void encode(ByteBuffer out) {
        out.putLong(persistent).putLong(volatileId);
    }

    public boolean isCompounded() {
        return equals(COMPOUNDED);
    }
}
