package io.handlefs.codec;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One file of one export, for ever: the lower filesystem's own handle (from name_to_handle_at,
 * which embeds inode number and generation), the filesystem it belongs to and the export it was
 * issued by. Equality is by content, so it can key the node table.
 *
 * @param exportId    the export that issued the handle
 * @param fsId        the lower filesystem's identity (statfs f_fsid)
 * @param handleType  the kernel's handle_type from name_to_handle_at
 * @param handleBytes the kernel's f_handle bytes (at most {@link #MAX_HANDLE_BYTES})
 */
public record FileHandle(int exportId, long fsId, int handleType, byte[] handleBytes) {
    /** MAX_HANDLE_SZ in the kernel. */
    public static final int MAX_HANDLE_BYTES = 128;

    public FileHandle {
        if (handleBytes.length == 0 || handleBytes.length > MAX_HANDLE_BYTES) {
            throw new IllegalArgumentException("kernel handle of " + handleBytes.length + " bytes");
        }
        handleBytes = handleBytes.clone();
    }

    @Override
    public byte[] handleBytes() {
        return handleBytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileHandle h && h.exportId == exportId && h.fsId == fsId
                && h.handleType == handleType && Arrays.equals(h.handleBytes, handleBytes);
    }

    @Override
    public int hashCode() {
        return ((exportId * 31 + Long.hashCode(fsId)) * 31 + handleType) * 31 + Arrays.hashCode(handleBytes);
    }

    @Override
    public String toString() {
        return "FileHandle[export=" + exportId + ", fsid=" + Long.toHexString(fsId) + ", type=" + handleType
                + ", " + HexFormat.of().formatHex(handleBytes) + "]";
    }
}
