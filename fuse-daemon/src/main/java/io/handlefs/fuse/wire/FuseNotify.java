package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;

/**
 * Notification encoders (daemon → kernel, unsolicited): out header with unique = 0 and error =
 * the {@link FuseNotifyCode}. Each method clears {@code out}, writes the message from index 0,
 * and leaves out flipped (position 0, limit = length), returning the length.
 */
public final class FuseNotify {

    /** fuse_notify_inval_entry_out.flags: only expire the dentry, don't drop it (7.38). */
    public static final int FUSE_EXPIRE_ONLY = 1;

    private FuseNotify() {
    }

    private static int frame(ByteBuffer out, FuseNotifyCode code) {
        int total = out.position();
        FuseOutHeader.put(out, 0, total, code.code(), 0L);
        out.limit(total).position(0);
        return total;
    }

    private static int nameLength(String name) {
        FuseNames.checkRaw(name);
        if (name.isEmpty() || name.length() > FuseNames.NAME_MAX) {
            throw new IllegalArgumentException("name length " + name.length());
        }
        return name.length();
    }

    /**
     * NOTIFY_INVAL_INODE: {@code fuse_notify_inval_inode_out} (24): u64 ino, i64 off, i64 len.
     * The kernel always invalidates the attributes; with off &gt;= 0 it also drops cached pages
     * from off for len bytes (len &lt;= 0: to the end of the file). off &lt; 0: attributes only.
     */
    public static int invalInode(ByteBuffer out, long ino, long off, long len) {
        FuseReplies.begin(out);
        out.putLong(ino).putLong(off).putLong(len);
        return frame(out, FuseNotifyCode.INVAL_INODE);
    }

    /**
     * NOTIFY_INVAL_ENTRY: {@code fuse_notify_inval_entry_out} (16): u64 parent, u32 namelen,
     * u32 flags; then name\0.
     */
    public static int invalEntry(ByteBuffer out, long parent, String name, int flags) {
        int n = nameLength(name);
        FuseReplies.begin(out);
        out.putLong(parent).putInt(n).putInt(flags);
        FuseNames.put(out, name);
        out.put((byte) 0);
        return frame(out, FuseNotifyCode.INVAL_ENTRY);
    }

    /**
     * NOTIFY_DELETE: {@code fuse_notify_delete_out} (24): u64 parent, u64 child, u32 namelen,
     * u32 padding; then name\0.
     */
    public static int delete(ByteBuffer out, long parent, long child, String name) {
        int n = nameLength(name);
        FuseReplies.begin(out);
        out.putLong(parent).putLong(child).putInt(n).putInt(0);
        FuseNames.put(out, name);
        out.put((byte) 0);
        return frame(out, FuseNotifyCode.DELETE);
    }

    /** NOTIFY_INC_EPOCH (7.44): no body; every cached dentry becomes stale. */
    public static int incEpoch(ByteBuffer out) {
        FuseReplies.begin(out);
        return frame(out, FuseNotifyCode.INC_EPOCH);
    }
}
