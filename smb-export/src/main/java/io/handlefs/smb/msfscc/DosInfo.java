package io.handlefs.smb.msfscc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What SMB clients set that a POSIX file cannot hold: the creation time, a change time, and the
 * DOS attributes (hidden, system, archive). Kept with the file in an extended attribute, as
 * Samba keeps its DOSATTRIB. A stored change time holds only while the file's mtime is the one
 * it was stored with; a zero field means "not stored".
 *
 * <pre>
 * offset size
 *    0     1   version (1)
 *    1     1   flags: 1 attributes stored
 *    2     2   reserved
 *    4     4   attributes
 *    8     8   creation time (FILETIME)
 *   16     8   change time (FILETIME)
 *   24     8   the mtime (FILETIME) the change time is valid for
 * </pre>
 */
public record DosInfo(boolean hasAttributes, int attributes, long creationTime, long changeTime, long changeGuard) {
    public static final DosInfo NONE = new DosInfo(false, 0, 0, 0, 0);
    public static final int SIZE = 32;
    private static final int VERSION = 1;
    /** What is kept: READONLY lives in the mode bits, DIRECTORY in the file type. */
    public static final int KEPT = FileAttributes.HIDDEN | FileAttributes.SYSTEM | FileAttributes.ARCHIVE;
    /** What is stored: the attributes clients set, and the sparse mark only FSCTL_SET_SPARSE sets. */
    private static final int STORED = KEPT | FileAttributes.SPARSE_FILE;

    /** Decodes a stored value; anything malformed counts as nothing stored. */
    public static DosInfo decode(ByteBuffer b) {
        ByteBuffer v = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (v.remaining() < SIZE || v.get(v.position()) != VERSION) {
            return NONE;
        }
        int p = v.position();
        return new DosInfo((v.get(p + 1) & 1) != 0, v.getInt(p + 4) & STORED, v.getLong(p + 8), v.getLong(p + 16),
                v.getLong(p + 24));
    }

    public byte[] encode() {
        return ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN).put((byte) VERSION)
                .put((byte) (hasAttributes ? 1 : 0)).putShort((short) 0).putInt(attributes & STORED)
                .putLong(creationTime).putLong(changeTime).putLong(changeGuard).array();
    }
}
