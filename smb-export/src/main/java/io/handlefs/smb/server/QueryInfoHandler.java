package io.handlefs.smb.server;

import io.handlefs.lookup.Export;
import io.handlefs.smb.msdtyp.SecurityDescriptor;
import io.handlefs.smb.msfscc.FileInformation;
import io.handlefs.smb.msfscc.FsInformation;
import io.handlefs.smb.msfscc.InfoClass;
import io.handlefs.smb.mssmb2.ErrorResponse;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.OutputBufferResponse;
import io.handlefs.smb.mssmb2.QueryInfoRequest;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.sys.Stat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * QUERY_INFO, [MS-SMB2] 3.3.5.20: the file and file system classes of [MS-FSCC] and a
 * read-only security descriptor; quotas are not served.
 */
final class QueryInfoHandler {
    private final ServerState server;

    QueryInfoHandler(ServerState server) {
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
}
