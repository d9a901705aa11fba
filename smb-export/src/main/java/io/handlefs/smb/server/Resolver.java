package io.handlefs.smb.server;

import io.handlefs.codec.NodeId;
import io.handlefs.lookup.Credentials;
import io.handlefs.lookup.Entry;
import io.handlefs.lookup.Export;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Linux;
import io.handlefs.sys.RawNames;

/**
 * Resolves an SMB path in a share one component at a time through {@code lookup-handle}, as the
 * session's user: no string path ever reaches the lower filesystem. Symbolic links are not
 * followed (an intermediate one is a path not found). The result holds one export reference on
 * the parent and one on the leaf (when it exists); {@link Resolved#release} gives them back.
 */
final class Resolver {
    private Resolver() {}

    /** Where a path leads: its parent directory and raw leaf name (both null for the share root). */
    record Resolved(Export export, NodeId parent, String rawName, Entry entry, SmbPath path) {
        boolean exists() {
            return entry != null;
        }

        boolean isDirectory() {
            return entry != null && (entry.stat().mode() & Linux.S_IFMT) == Linux.S_IFDIR;
        }

        NodeId node() {
            return entry.node().id();
        }

        void release() {
            if (parent != null) {
                export.forget(parent, 1);
            }
            if (entry != null) {
                export.forget(entry.node().id(), 1);
            }
        }
    }

    static Resolved resolve(Share share, Credentials caller, SmbPath path) {
        Export export = share.export();
        if (path.isRoot()) {
            Entry root = export.lookup(caller, share.root(), ".");
            export.retain(root.node().id());
            return new Resolved(export, null, null, root, path);
        }
        NodeId dir = share.root();
        export.retain(dir);
        int n = path.components().size();
        try {
            for (int i = 0; i < n - 1; i++) {
                Entry e = lookup(export, caller, dir, RawNames.fromUnicode(path.components().get(i)));
                if (e == null || (e.stat().mode() & Linux.S_IFMT) != Linux.S_IFDIR) {
                    throw new SmbException(NtStatus.OBJECT_PATH_NOT_FOUND, "no directory " + path.components().get(i));
                }
                export.retain(e.node().id());
                export.forget(dir, 1);
                dir = e.node().id();
            }
            String raw = RawNames.fromUnicode(path.leaf());
            Entry leaf = lookup(export, caller, dir, raw);
            if (leaf != null) {
                export.retain(leaf.node().id());
            }
            return new Resolved(export, dir, raw, leaf, path);
        } catch (RuntimeException e) {
            export.forget(dir, 1);
            throw e;
        }
    }

    /** LOOKUP, with "no such name" as null. */
    private static Entry lookup(Export export, Credentials caller, NodeId dir, String raw) {
        try {
            return export.lookup(caller, dir, raw);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                return null;
            }
            if (e.errno() == Errno.ENOTDIR) {
                throw new SmbException(NtStatus.OBJECT_PATH_NOT_FOUND, "not a directory");
            }
            throw e;
        }
    }
}
