package io.handlefs.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Parser of the records getdents64(2) fills in.
 *
 * <pre>
 * struct linux_dirent64 {          offset size
 *     u64  d_ino;                     0     8
 *     s64  d_off;                     8     8
 *     u16  d_reclen;                 16     2   whole record, 8-byte aligned
 *     u8   d_type;                   18     1
 *     char d_name[];                 19     …   NUL-terminated, padded to d_reclen
 * };
 * </pre>
 *
 * Fields are in native byte order (little-endian on x86_64).
 */
public final class Dirents {
    /** Offset of d_name: the fixed header is 19 bytes. */
    static final int NAME_OFFSET = 19;

    private Dirents() {}

    /**
     * The records in the first {@code length} bytes of {@code buf}, counted from absolute index 0
     * (what a getdents64 call into a cleared buffer fills). The buffer's position, limit and
     * order are not changed. A truncated or malformed last record ends the list; it does not throw.
     */
    public static List<Dirent> parse(ByteBuffer buf, int length) {
        return parse(buf, 0, length);
    }

    /** The records in {@code length} bytes of {@code buf} from absolute index {@code offset}. */
    public static List<Dirent> parse(ByteBuffer buf, int offset, int length) {
        ByteBuffer b = buf.duplicate().order(ByteOrder.nativeOrder());
        int end = (int) Math.min((long) offset + Math.max(length, 0), b.capacity());
        List<Dirent> out = new ArrayList<>();
        int p = offset;
        byte[] name = new byte[256];
        while (p >= 0 && p + NAME_OFFSET <= end) {
            long ino = b.getLong(p);
            long off = b.getLong(p + 8);
            int reclen = Short.toUnsignedInt(b.getShort(p + 16));
            int type = Byte.toUnsignedInt(b.get(p + 18));
            if (reclen < NAME_OFFSET + 1 || p + reclen > end) {
                break;
            }
            int n = 0;
            int max = reclen - NAME_OFFSET;
            while (n < max && b.get(p + NAME_OFFSET + n) != 0) {
                n++;
            }
            if (n == max) {
                break; // no NUL inside the record: malformed
            }
            if (n > name.length) {
                name = new byte[n];
            }
            b.get(p + NAME_OFFSET, name, 0, n);
            out.add(new Dirent(ino, off, type, RawNames.of(name, 0, n)));
            p += reclen;
        }
        return out;
    }
}
