package io.handlefs.smb.server;

import io.handlefs.codec.NodeId;
import io.handlefs.lookup.Credentials;
import io.handlefs.lookup.Export;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.smb.mssmb2.WireReader;
import io.handlefs.sys.Linux;

import java.nio.charset.StandardCharsets;

/**
 * SET_INFO's FileRenameInformation and FileLinkInformation: the target resolved like any path,
 * the rename checked against share modes and open files, and the open following its file.
 */
final class Renamer {
    private static final int RENAME_NOREPLACE = Linux.RENAME_NOREPLACE;

    private final ServerState server;

    Renamer(ServerState server) {
        this.server = server;
    }

    /**
     * FileRenameInformation and FileLinkInformation (the SMB2 forms, [MS-FSCC] 2.4.42.2, 2.4.21.2):
     * the target is a share-relative path, resolved like any other.
     */
    void rename(Request req, Open o, Credentials caller, WireReader r, boolean link) {
        boolean replace = r.u8() != 0;
        r.skip(7);
        long rootDirectory = r.u64();
        int length = r.u32Int("FileNameLength");
        String target = new String(r.bytes(length), StandardCharsets.UTF_16LE);
        if (rootDirectory != 0) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "RootDirectory in a rename");
        }
        if (!link) {
            SetInfoHandler.requireAccess(o, Access.DELETE);
        }
        if (o.parent == null) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "rename of the share root");
        }
        if (target.startsWith("\\")) {
            target = target.substring(1);
        }
        Share share = o.tree.share();
        SmbPath path = SmbPath.parse(target);
        if (path.isRoot()) {
            throw new SmbException(NtStatus.OBJECT_NAME_INVALID, "rename onto the share root");
        }
        Resolver.Resolved dest = Resolver.resolve(share, caller, path);
        try {
            Export export = share.export();
            if (dest.exists() && !dest.node().equals(o.node)) {
                if (!replace) {
                    throw new SmbException(NtStatus.OBJECT_NAME_COLLISION, target);
                }
                if (dest.isDirectory() || server.nodes.get(dest.node()) != null) {
                    throw new SmbException(NtStatus.ACCESS_DENIED, "the target is a directory or open");
                }
            }
            if (link) {
                if (o.directory) {
                    throw new SmbException(NtStatus.FILE_IS_A_DIRECTORY, "hard link to a directory");
                }
                if (dest.exists()) {
                    export.unlink(caller, dest.parent(), dest.rawName());
                }
                export.link(caller, o.node, dest.parent(), dest.rawName());
                export.changes().nameChanged(dest.parent(), dest.rawName());
                server.notify.nameChanged(dest.parent());
                return;
            }
            if (o.directory && hasOpenBelow(req.session, o)) {
                throw new SmbException(NtStatus.ACCESS_DENIED, "files below the directory are open");
            }
            if (parentForbidsRename(o)) {
                throw new SmbException(NtStatus.SHARING_VIOLATION, "the directory is open without delete sharing");
            }
            export.rename(caller, o.parent, o.name, dest.parent(), dest.rawName(), replace ? 0 : RENAME_NOREPLACE);
            export.changes().renamed(o.parent, o.name, dest.parent(), dest.rawName());
            server.notify.nameChanged(o.parent);
            server.notify.nameChanged(dest.parent());
            NodeId oldParent = o.parent;
            export.retain(dest.parent());
            o.parent = dest.parent();
            o.name = dest.rawName();
            o.path = path.display();
            export.forget(oldParent, 1);
        } finally {
            dest.release();
        }
    }

    /**
     * Renaming takes its name out of the directory, which Windows treats as a delete there: an
     * open of the directory with data or delete access that holds DELETE, or does not share
     * delete, forbids it (opens for attributes only do not count, as in share-mode checks).
     */
    private boolean parentForbidsRename(Open o) {
        NodeStates.State st = server.nodes.get(o.parent);
        if (st == null) {
            return false;
        }
        synchronized (st) {
            return st.opens.stream().filter(d -> (d.access & (Access.READ_BITS | Access.WRITE_BITS | Access.DELETE)) != 0)
                    .anyMatch(d -> (d.access & Access.DELETE) != 0 || (d.shareAccess & Access.SHARE_DELETE) == 0);
        }
    }

    private static boolean hasOpenBelow(Session session, Open dir) {
        String prefix = dir.path + "\\";
        return session.opens.values().stream().anyMatch(x -> x != dir && x.path.startsWith(prefix));
    }
}
