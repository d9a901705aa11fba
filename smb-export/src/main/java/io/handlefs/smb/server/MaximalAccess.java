package io.handlefs.smb.server;

import io.handlefs.codec.NodeId;
import io.handlefs.lookup.Credentials;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Linux;

/**
 * The access a user could be granted to a file (MAXIMUM_ALLOWED, the MxAc context, and the
 * rights the server grants itself), from access(2) on the file and on its directory as that
 * user: the lower filesystem's permissions decide, not a second model of them.
 */
final class MaximalAccess {
    private static final int R_OK = 4;
    private static final int W_OK = 2;
    private static final int X_OK = 1;

    private MaximalAccess() {}

    /** What the user may do to the file, from access(2) on it and on its directory. */
    static int of(Share share, Credentials caller, Resolver.Resolved r) {
        if (share.config().readOnly()) {
            return Access.FILE_GENERIC_READ | Access.FILE_GENERIC_EXECUTE;
        }
        int m = Access.FILE_READ_ATTRIBUTES | Access.READ_CONTROL | Access.SYNCHRONIZE | Access.FILE_READ_EA;
        NodeId node = r.node();
        boolean readable = allowed(share, caller, node, R_OK);
        if (readable) {
            m |= Access.FILE_READ_DATA;
        }
        if (allowed(share, caller, node, W_OK)) {
            m |= Access.FILE_WRITE_DATA | Access.FILE_APPEND_DATA | Access.FILE_WRITE_EA | Access.FILE_WRITE_ATTRIBUTES
                    | Access.FILE_DELETE_CHILD;
        }
        // A file's execute is served as a read (the client runs the program, not the server), so
        // reading is what it takes, as with Samba's "acl allow execute always"; for a directory
        // the bit is traverse, which search permission decides.
        boolean regular = (r.entry().stat().mode() & Linux.S_IFMT) == Linux.S_IFREG;
        if (regular ? readable : allowed(share, caller, node, X_OK)) {
            m |= Access.FILE_EXECUTE;
        }
        if (r.parent() == null || allowed(share, caller, r.parent(), W_OK | X_OK)) {
            m |= Access.DELETE;
        }
        if (caller.uid() == 0 || caller.uid() == r.entry().stat().uid()) {
            m |= Access.WRITE_DAC | Access.WRITE_OWNER | Access.FILE_WRITE_ATTRIBUTES;
        }
        return m;
    }

    private static boolean allowed(Share share, Credentials caller, NodeId node, int mask) {
        try {
            share.export().access(caller, node, mask);
            return true;
        } catch (ErrnoException e) {
            return false;
        }
    }
}
