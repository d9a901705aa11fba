package io.handlefs.smb.server;

/** Share-mode conflicts between opens of one file. */
final class ShareModes {
    private ShareModes() {}

    private static final int CHECKED = Access.READ_BITS | Access.WRITE_BITS | Access.DELETE;

    /**
     * Share modes, [MS-FSA] 2.1.5.1.2.1: only data and delete access are checked against them, and
     * an open with neither (attributes only) takes no part in the check.
     */
    static boolean conflict(Open other, int access, int shareAccess) {
        if ((access & CHECKED) == 0 || (other.access & CHECKED) == 0) {
            return false;
        }
        return conflictsOneWay(access, other.shareAccess) || conflictsOneWay(other.access, shareAccess);
    }

    private static boolean conflictsOneWay(int access, int shareAccess) {
        return ((access & Access.READ_BITS) != 0 && (shareAccess & Access.SHARE_READ) == 0)
                || ((access & Access.WRITE_BITS) != 0 && (shareAccess & Access.SHARE_WRITE) == 0)
                || ((access & Access.DELETE) != 0 && (shareAccess & Access.SHARE_DELETE) == 0);
    }
}
