package io.handlefs.smb.server;

import io.handlefs.codec.NodeId;
import io.handlefs.lookup.Credentials;
import io.handlefs.lookup.Export;
import io.handlefs.smb.msfscc.DosInfo;
import io.handlefs.smb.msfscc.FileView;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;

import java.nio.ByteBuffer;

/**
 * Reads and writes a file's {@link DosInfo} in its {@code user.handlefs.dos} extended attribute,
 * through the export. A filesystem without user extended attributes (or a symbolic link) keeps nothing.
 */
final class DosStore {
    static final String XATTR = "user.handlefs.dos";

    private DosStore() {}

    /** What is stored for the node (read as the daemon: it is metadata, like the stat). */
    static DosInfo load(Export export, NodeId node) {
        ByteBuffer b = ByteBuffer.allocateDirect(DosInfo.SIZE * 2);
        try {
            export.getxattr(Credentials.DAEMON, node, XATTR, b);
        } catch (ErrnoException none) {
            return DosInfo.NONE;
        }
        b.flip();
        return DosInfo.decode(b);
    }

    /** The file as SMB shows it. */
    static FileView view(Export export, NodeId node) {
        return new FileView(export.getattr(node), load(export, node));
    }

    /**
     * Stores as the daemon: the caller's right to change the file's attributes was checked when
     * its handle was granted FILE_WRITE_ATTRIBUTES, and a read-only file must still take them.
     */
    static void store(Export export, NodeId node, DosInfo info) {
        byte[] bytes = info.encode();
        ByteBuffer b = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        try {
            export.setxattr(Credentials.DAEMON, node, XATTR, b, 0);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EOPNOTSUPP && e.errno() != Errno.EPERM) {
                throw e;
            }
        }
    }
}
