package io.handlefs.smb.server;

import io.handlefs.lookup.Credentials;
import io.handlefs.lookup.Export;
import io.handlefs.lookup.SetAttributes;
import io.handlefs.smb.msfscc.DosInfo;
import io.handlefs.smb.msfscc.FileAttributes;
import io.handlefs.smb.msfscc.FileView;
import io.handlefs.smb.msfscc.InfoClass;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.QueryInfoRequest;
import io.handlefs.smb.mssmb2.SetInfoRequest;
import io.handlefs.smb.mssmb2.SetInfoResponse;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.smb.mssmb2.Wire;
import io.handlefs.smb.mssmb2.WireReader;
import io.handlefs.sys.Linux;

import java.nio.ByteBuffer;

/**
 * SET_INFO, [MS-SMB2] 3.3.5.21: basic, end of file, allocation, disposition, position and
 * mode here, rename and hard link in {@link Renamer}. Security descriptors are not taken.
 */
final class SetInfoHandler {
    private static final long KEEP_TIME = 0;
    private static final long STOP_UPDATING_TIME = -1;
    private static final long RESUME_UPDATING_TIME = -2;
    /** FileModeInformation bits ([MS-FSCC] 2.4.26): write-through, sequential, no buffering, synchronous, delete on close. */
    private static final int VALID_MODES = 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x1000;

    private final ServerState server;
    private final Renamer renamer;

    SetInfoHandler(ServerState server) {
        this.server = server;
        this.renamer = new Renamer(server);
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
            case InfoClass.FILE_RENAME -> {
                server.breaks.beforeRename(o);
                renamer.rename(req, o, caller, r, false);
            }
            case InfoClass.FILE_LINK -> renamer.rename(req, o, caller, r, true);
            case InfoClass.FILE_FULL_EA -> throw new SmbException(NtStatus.EAS_NOT_SUPPORTED, "extended attributes");
            default -> throw new SmbException(NtStatus.INVALID_INFO_CLASS, "set class " + s.infoClass());
        }
        return Reply.ok(SetInfoResponse.INSTANCE);
    }

    static void requireAccess(Open o, int bits) {
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
            export.changes().attributesChanged(o.node);
        }
        boolean setCreation = isTime(creation);
        boolean setChange = isTime(change);
        if (setCreation || setChange || attributes != 0) {
            DosInfo old = DosStore.load(export, o.node);
            long guard = setChange ? FileView.of(export.getattr(o.node)).writeTime() : old.changeGuard();
            DosStore.store(export, o.node, new DosInfo(old.hasAttributes() || attributes != 0,
                    attributes != 0 ? (attributes & DosInfo.KEPT) | (old.attributes() & FileAttributes.SPARSE_FILE)
                            : old.attributes(), setCreation ? creation : old.creationTime(),
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

    private void truncate(Open o, Credentials caller, long size, boolean allocation) {
        requireAccess(o, Access.FILE_WRITE_DATA);
        if (o.directory || size < 0) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "size " + size);
        }
        server.breaks.beforeWrite(o);
        Export export = o.tree.share().export();
        if (allocation && size >= export.getattr(o.node).size()) {
            if (o.fh >= 0 && size > 0) {
                o.tree.share().files().fallocate(o.fh, Linux.FALLOC_FL_KEEP_SIZE, 0, size);
            }
            return;
        }
        export.setattr(caller, o.node, new SetAttributes(-1, -1, -1, size, 0, Linux.UTIME_OMIT, 0, Linux.UTIME_OMIT),
                o.fh >= 0 ? o.tree.share().files().fd(o.fh) : -1);
        export.changes().dataChanged(o.node);
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
}
