package io.handlefs.smb.server;

import io.handlefs.codec.NodeId;
import io.handlefs.lookup.Credentials;
import io.handlefs.lookup.Export;
import io.handlefs.lookup.SetAttributes;
import io.handlefs.smb.msdtyp.SecurityDescriptor;
import io.handlefs.smb.msfscc.DosInfo;
import io.handlefs.smb.msfscc.FileAttributes;
import io.handlefs.smb.msfscc.FileView;
import io.handlefs.smb.msfscc.FileInformation;
import io.handlefs.smb.msfscc.FsInformation;
import io.handlefs.smb.msfscc.InfoClass;
import io.handlefs.smb.mssmb2.ErrorResponse;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.OutputBufferResponse;
import io.handlefs.smb.mssmb2.QueryInfoRequest;
import io.handlefs.smb.mssmb2.SetInfoRequest;
import io.handlefs.smb.mssmb2.SetInfoResponse;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.smb.mssmb2.Wire;
import io.handlefs.smb.mssmb2.WireReader;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Stat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * QUERY_INFO and SET_INFO, [MS-SMB2] 3.3.5.20 and 3.3.5.21, for the file and file system
 * classes of [MS-FSCC]. Security descriptors and quotas are not served.
 */
final class InfoHandler {
    private static final int RENAME_NOREPLACE = Linux.RENAME_NOREPLACE;
    private static final long KEEP_TIME = 0;
    private static final long STOP_UPDATING_TIME = -1;
    private static final long RESUME_UPDATING_TIME = -2;
    /** FileModeInformation bits ([MS-FSCC] 2.4.26): write-through, sequential, no buffering, synchronous, delete on close. */
    private static final int VALID_MODES = 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x1000;

    private final ServerState server;

    InfoHandler(ServerState server) {
        this.server = server;
    }

    Reply query(Request req) {
        QueryInfoRequest q = QueryInfoRequest.decode(req.message);
        Open o = req.open(q.fileId());
        if (o.pipe != null) {
            throw new SmbException(NtStatus.NOT_SUPPORTED, "QUERY_INFO on a pipe");
        }
        Export export = o.tree.share().export();
        byte[] data;
        switch (q.infoType()) {
            case QueryInfoRequest.INFO_FILE -> {
                if (q.infoClass() == InfoClass.FILE_FULL_EA) {
                    throw new SmbException(NtStatus.NO_EAS_ON_FILE, "no extended attributes");
                }
                NodeStates.State st = server.nodes.get(o.node);
                boolean deletePending = st != null && st.deletePending;
                data = FileInformation.encode(q.infoClass(), DosStore.view(export, o.node),
                        new FileInformation.OpenView(o.path, o.position, o.mode, o.access, deletePending));
            }
            case QueryInfoRequest.INFO_FILESYSTEM -> data = FsInformation.encode(q.infoClass(), export.statfs(o.node),
                    o.tree.share().name(), export.statfs(o.node).fsid());
            case QueryInfoRequest.INFO_SECURITY -> {
                Stat st = export.getattr(o.node);
                data = SecurityDescriptor.of(st.uid(), st.gid(), st.mode() & 0777, q.additionalInformation());
                if (data.length > q.outputBufferLength()) {
                    byte[] needed = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(data.length).array();
                    return Reply.of(NtStatus.BUFFER_TOO_SMALL, new ErrorResponse(needed));
                }
            }
            case QueryInfoRequest.INFO_QUOTA -> throw new SmbException(NtStatus.NOT_SUPPORTED, "quotas");
            default -> throw new SmbException(NtStatus.INVALID_PARAMETER, "info type " + q.infoType());
        }
        int fixed = q.infoType() == QueryInfoRequest.INFO_FILE ? FileInformation.fixedSize(q.infoClass())
                : FsInformation.fixedSize(q.infoClass());
        if (q.outputBufferLength() < Math.min(fixed, data.length)) {
            throw new SmbException(NtStatus.INFO_LENGTH_MISMATCH, "class " + q.infoClass() + " needs " + data.length);
        }
        if (data.length > q.outputBufferLength()) {
            return Reply.of(NtStatus.BUFFER_OVERFLOW, new OutputBufferResponse(Arrays.copyOf(data, q.outputBufferLength())));
        }
        return Reply.ok(new OutputBufferResponse(data));
    }

    Reply set(Request req) {
        SetInfoRequest s = SetInfoRequest.decode(req.message);
        Open o = req.open(s.fileId());
        if (o.pipe != null) {
            throw new SmbException(NtStatus.NOT_SUPPORTED, "SET_INFO on a pipe");
        }
        if (s.infoType() != QueryInfoRequest.INFO_FILE) {
            throw new SmbException(NtStatus.NOT_SUPPORTED, "set info type " + s.infoType());
        }
        Share share = o.tree.share();
        if (share.config().readOnly() && s.infoClass() != InfoClass.FILE_POSITION && s.infoClass() != InfoClass.FILE_MODE) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "read-only share");
        }
        WireReader r = WireReader.at(ByteBuffer.wrap(s.buffer()), 0);
        Credentials caller = req.session.credentials;
        switch (s.infoClass()) {
            case InfoClass.FILE_BASIC -> basic(o, caller, r);
            case InfoClass.FILE_END_OF_FILE -> truncate(o, caller, r.u64(), false);
            case InfoClass.FILE_ALLOCATION -> truncate(o, caller, r.u64(), true);
            case InfoClass.FILE_DISPOSITION -> disposition(o, caller, (r.u8() & 1) != 0);
            case InfoClass.FILE_DISPOSITION_EX -> disposition(o, caller, (r.bits32() & 1) != 0);
            case InfoClass.FILE_POSITION -> o.position = r.u64();
            case InfoClass.FILE_MODE -> {
                int mode = r.bits32();
                if ((mode & ~VALID_MODES) != 0) {
                    throw new SmbException(NtStatus.INVALID_PARAMETER, "mode " + Integer.toHexString(mode));
                }
                o.mode = mode;
            }
            case InfoClass.FILE_RENAME -> rename(req, o, caller, r, false);
            case InfoClass.FILE_LINK -> rename(req, o, caller, r, true);
            case InfoClass.FILE_FULL_EA -> throw new SmbException(NtStatus.EAS_NOT_SUPPORTED, "extended attributes");
            default -> throw new SmbException(NtStatus.INVALID_INFO_CLASS, "set class " + s.infoClass());
        }
        return Reply.ok(SetInfoResponse.INSTANCE);
    }

    private static void requireAccess(Open o, int bits) {
        if (!o.can(bits)) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "handle lacks access " + Integer.toHexString(bits));
        }
    }

    /**
     * FileBasicInformation: the access and write times and the read-only bit reach the lower file;
     * the creation and change times and the other DOS attributes are stored beside it.
     */
    private static void basic(Open o, Credentials caller, WireReader r) {
        requireAccess(o, Access.FILE_WRITE_ATTRIBUTES);
        long creation = r.u64();
        long access = r.u64();
        long write = r.u64();
        long change = r.u64();
        int attributes = r.bits32();
        if ((!o.directory && (attributes & FileAttributes.DIRECTORY) != 0)
                || (o.directory && (attributes & FileAttributes.TEMPORARY) != 0)) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "attributes " + Integer.toHexString(attributes));
        }
        long[] a = times(access);
        long[] w = times(write);
        Export export = o.tree.share().export();
        int mode = -1;
        if (attributes != 0 && !o.directory) {
            int current = export.getattr(o.node).mode() & 07777;
            mode = (attributes & FileAttributes.READONLY) != 0 ? current & ~0222 : current | ((current & 0444) >> 1);
            if (mode == current) {
                mode = -1;
            }
        }
        if (a[1] != Linux.UTIME_OMIT || w[1] != Linux.UTIME_OMIT || mode != -1) {
            export.setattr(caller, o.node, new SetAttributes(mode, -1, -1, -1, a[0], a[1], w[0], w[1]),
                    o.fh >= 0 ? o.tree.share().files().fd(o.fh) : -1);
        }
        boolean setCreation = isTime(creation);
        boolean setChange = isTime(change);
        if (setCreation || setChange || attributes != 0) {
            DosInfo old = DosStore.load(export, o.node);
            long guard = setChange ? FileView.of(export.getattr(o.node)).writeTime() : old.changeGuard();
            DosStore.store(export, o.node, new DosInfo(old.hasAttributes() || attributes != 0,
                    attributes != 0 ? attributes : old.attributes(), setCreation ? creation : old.creationTime(),
                    setChange ? change : old.changeTime(), guard));
        }
    }

    /** 0 keeps a time, -1 and -2 only switch its automatic updates off and on ([MS-FSCC] 2.4.7). */
    private static boolean isTime(long filetime) {
        return filetime != KEEP_TIME && filetime != STOP_UPDATING_TIME && filetime != RESUME_UPDATING_TIME;
    }

    private static long[] times(long filetime) {
        if (!isTime(filetime)) {
            return new long[] {0, Linux.UTIME_OMIT};
        }
        return Wire.unixTime(filetime);
    }

    private static void truncate(Open o, Credentials caller, long size, boolean allocation) {
        requireAccess(o, Access.FILE_WRITE_DATA);
        if (o.directory || size < 0) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "size " + size);
        }
        Export export = o.tree.share().export();
        if (allocation && size >= export.getattr(o.node).size()) {
            if (o.fh >= 0 && size > 0) {
                o.tree.share().files().fallocate(o.fh, Linux.FALLOC_FL_KEEP_SIZE, 0, size);
            }
            return;
        }
        export.setattr(caller, o.node, new SetAttributes(-1, -1, -1, size, 0, Linux.UTIME_OMIT, 0, Linux.UTIME_OMIT),
                o.fh >= 0 ? o.tree.share().files().fd(o.fh) : -1);
    }

    private void disposition(Open o, Credentials caller, boolean delete) {
        requireAccess(o, Access.DELETE);
        if (o.parent == null) {
            throw new SmbException(NtStatus.CANNOT_DELETE, "the share root");
        }
        if (delete && o.directory && !CreateHandler.isEmptyDirectory(o.tree.share(), caller, o.node)) {
            throw new SmbException(NtStatus.DIRECTORY_NOT_EMPTY, o.path);
        }
        if (delete && !o.directory && (o.tree.share().export().getattr(o.node).mode() & 0222) == 0) {
            throw new SmbException(NtStatus.CANNOT_DELETE, "read-only file");
        }
        NodeStates.State st = server.nodes.get(o.node);
        synchronized (st) {
            st.deletePending = delete;
            if (!delete) {
                st.opens.forEach(other -> other.deleteOnClose = false);
            }
        }
    }

    /**
     * FileRenameInformation and FileLinkInformation (the SMB2 forms, [MS-FSCC] 2.4.42.2, 2.4.21.2):
     * the target is a share-relative path, resolved like any other.
     */
    private void rename(Request req, Open o, Credentials caller, WireReader r, boolean link) {
        boolean replace = r.u8() != 0;
        r.skip(7);
        long rootDirectory = r.u64();
        int length = r.u32Int("FileNameLength");
        String target = new String(r.bytes(length), java.nio.charset.StandardCharsets.UTF_16LE);
        if (rootDirectory != 0) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "RootDirectory in a rename");
        }
        if (!link) {
            requireAccess(o, Access.DELETE);
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
                return;
            }
            if (o.directory && hasOpenBelow(req.session, o)) {
                throw new SmbException(NtStatus.ACCESS_DENIED, "files below the directory are open");
            }
            if (parentForbidsRename(o)) {
                throw new SmbException(NtStatus.SHARING_VIOLATION, "the directory is open without delete sharing");
            }
            export.rename(caller, o.parent, o.name, dest.parent(), dest.rawName(), replace ? 0 : RENAME_NOREPLACE);
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
