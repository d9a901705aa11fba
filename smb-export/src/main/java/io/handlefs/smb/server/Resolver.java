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
 * session's user: no string path ever reaches the lower filesystem. Names match without case
 * when no exact match exists. Symbolic links are not
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
                Entry e = find(share, caller, dir, path.components().get(i)).entry();
                if (e == null || (e.stat().mode() & Linux.S_IFMT) != Linux.S_IFDIR) {
                    throw new SmbException(NtStatus.OBJECT_PATH_NOT_FOUND, "no directory " + path.components().get(i));
                }
                export.retain(e.node().id());
                export.forget(dir, 1);
                dir = e.node().id();
            }
            Found found = find(share, caller, dir, path.leaf());
            Entry leaf = found.entry();
            String raw = found.raw();
            if (leaf != null) {
                export.retain(leaf.node().id());
            }
            return new Resolved(export, dir, raw, leaf, path);
        } catch (RuntimeException e) {
            export.forget(dir, 1);
            throw e;
        }
    }

    /** A name as it exists in a directory, and its entry (null: no such name). */
    private record Found(String raw, Entry entry) {}

    /**
     * LOOKUP of a name as SMB means it: the exact name first, else (as Windows names are
     * case-insensitive) the entry whose name differs only in case.
     */
    private static Found find(Share share, Credentials caller, NodeId dir, String name) {
        String raw = RawNames.fromUnicode(name);
        Entry exact = lookupRaw(share.export(), caller, dir, raw);
        if (exact != null) {
            return new Found(raw, exact);
        }
        String other = caseVariant(share, caller, dir, name);
        Entry variant = other == null ? null : lookupRaw(share.export(), caller, dir, other);
        return variant == null ? new Found(raw, null) : new Found(other, variant);
    }

    /** The raw name of an entry equal to {@code name} but for case, found by listing the directory. */
    private static String caseVariant(Share share, Credentials caller, NodeId dir, String name) {
        String[] found = {null};
        long dh = share.dirs().opendir(caller, dir);
        try {
            share.dirs().readdir(dh, 0, d -> {
                if (RawNames.toUnicode(d.name()).equalsIgnoreCase(name)) {
                    found[0] = d.name();
                    return false;
                }
                return true;
            });
        } finally {
            share.dirs().releasedir(dh);
        }
        return found[0];
    }

    private static Entry lookupRaw(Export export, Credentials caller, NodeId dir, String raw) {
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
