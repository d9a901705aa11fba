package io.handlefs.smb.server;

import io.handlefs.lookup.OpenFiles;
import io.handlefs.smb.mssmb2.CopyChunkRequest;
import io.handlefs.smb.mssmb2.CopyChunkResponse;
import io.handlefs.smb.mssmb2.IoctlRequest;
import io.handlefs.smb.mssmb2.IoctlResponse;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.ResumeKeyResponse;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Server-side copy, [MS-SMB2] 3.3.5.15.6 and 3.3.5.15.7: FSCTL_SRV_REQUEST_RESUME_KEY names an
 * open as a copy source; FSCTL_SRV_COPYCHUNK and FSCTL_SRV_COPYCHUNK_WRITE copy ranges of it
 * into the target open, within the limits of 3.3.3. The lower filesystem copies
 * (copy_file_range); ranges of one file that overlap go through a buffer holding the whole chunk,
 * so that the source is read before it is overwritten.
 */
final class ServerSideCopy {
    /** ServerSideCopyMaxNumberofChunks, ServerSideCopyMaxChunkSize, ServerSideCopyMaxDataSize (3.3.3). */
    static final int MAX_CHUNKS = 256;
    static final int MAX_CHUNK_SIZE = 1024 * 1024;
    static final int MAX_DATA_SIZE = 16 * 1024 * 1024;
    private static final CopyChunkResponse LIMITS = new CopyChunkResponse(MAX_CHUNKS, MAX_CHUNK_SIZE, MAX_DATA_SIZE);

    private final ServerState server;

    ServerSideCopy(ServerState server) {
        this.server = server;
    }

    /**
     * The resume key of an open: its session and FileId. It is looked up only among the sessions
     * of the requesting connection, and the open it names must still be there, so a key is
     * worth nothing elsewhere or after its open is closed.
     */
    byte[] resumeKey(Request req, IoctlRequest i) {
        Open o = req.open(i.fileId());
        if (o.pipe != null || o.directory) {
            throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST, "resume key of a pipe or directory");
        }
        byte[] key = ByteBuffer.allocate(CopyChunkRequest.KEY_SIZE).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(o.session.id).putLong(o.fileId.persistent()).putLong(o.fileId.volatileId()).array();
        return new ResumeKeyResponse(key).encode();
    }

    Reply copy(Request req, IoctlRequest i) {
        Open target = req.open(i.fileId());
        if (target.pipe != null || target.directory) {
            throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST, "server-side copy into a pipe or directory");
        }
        if (i.maxOutputResponse() < CopyChunkResponse.SIZE) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "copychunk output of " + i.maxOutputResponse());
        }
        CopyChunkRequest c = CopyChunkRequest.decode(i.input());
        if (!target.can(Access.FILE_WRITE_DATA) || target.fh < 0
                || (i.ctlCode() == IoctlRequest.FSCTL_SRV_COPYCHUNK && !target.can(Access.FILE_READ_DATA))) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "copychunk target access");
        }
        Open source = source(req, c.sourceKey());
        if (!source.can(Access.FILE_READ_DATA | Access.FILE_EXECUTE) || source.fh < 0) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "copychunk source access");
        }
        if (!withinLimits(c)) {
            return reply(NtStatus.INVALID_PARAMETER, i, target, LIMITS);
        }
        long size = source.tree.share().export().getattr(source.node).size();
        long written = 0;
        int chunks = 0;
        for (CopyChunkRequest.Chunk k : c.chunks()) {
            if (k.sourceOffset() < 0 || k.targetOffset() < 0 || k.sourceOffset() + k.length() > size) {
                return reply(NtStatus.INVALID_VIEW_SIZE, i, target, new CopyChunkResponse(chunks, 0, written));
            }
            try {
                LockHandler.checkIo(server, source, k.sourceOffset(), k.length(), false);
                LockHandler.checkIo(server, target, k.targetOffset(), k.length(), true);
                copyChunk(source, target, k);
            } catch (SmbException e) {
                // What was copied before the failing chunk is reported with its status.
                return reply(e.status(), i, target, new CopyChunkResponse(chunks, 0, written));
            }
            written += k.length();
            chunks++;
        }
        return reply(NtStatus.SUCCESS, i, target, new CopyChunkResponse(chunks, 0, written));
    }

    private static Reply reply(NtStatus status, IoctlRequest i, Open target, CopyChunkResponse body) {
        target.tree.share().export().changes().dataChanged(target.node);
        return Reply.of(status, new IoctlResponse(i.ctlCode(), target.fileId, body.encode()));
    }

    private static boolean withinLimits(CopyChunkRequest c) {
        if (c.chunks().size() > MAX_CHUNKS) {
            return false;
        }
        long total = 0;
        for (CopyChunkRequest.Chunk k : c.chunks()) {
            if (k.length() == 0 || k.length() > MAX_CHUNK_SIZE) {
                return false;
            }
            total += k.length();
        }
        return total <= MAX_DATA_SIZE;
    }

    /** The open a resume key names, among the sessions of the requesting connection. */
    private static Open source(Request req, byte[] key) {
        ByteBuffer b = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN);
        long sessionId = b.getLong();
        long persistent = b.getLong();
        long volatileId = b.getLong();
        Session s = req.conn.sessions.get(sessionId);
        Open o = s == null || !s.valid ? null : s.opens.get(volatileId);
        if (o == null || o.fileId.persistent() != persistent || o.pipe != null || o.directory) {
            throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "no open for the resume key");
        }
        return o;
    }

    private static void copyChunk(Open source, Open target, CopyChunkRequest.Chunk k) {
        OpenFiles files = target.tree.share().files();
        boolean overlaps = source.node.equals(target.node)
                && k.sourceOffset() < k.targetOffset() + k.length() && k.targetOffset() < k.sourceOffset() + k.length();
        if (!overlaps) {
            try {
                long done = 0;
                while (done < k.length()) {
                    long n = files.copyFileRange(source.fh, k.sourceOffset() + done, target.fh,
                            k.targetOffset() + done, k.length() - done, 0);
                    if (n == 0) {
                        throw new SmbException(NtStatus.INVALID_VIEW_SIZE, "source ended during the copy");
                    }
                    done += n;
                }
                return;
            } catch (ErrnoException e) {
                if (e.errno() != Errno.EXDEV && e.errno() != Errno.EINVAL && e.errno() != Errno.EOPNOTSUPP) {
                    throw e;
                }
            }
        }
        ByteBuffer buf = IoBuffers.direct((int) k.length());
        int n = source.tree.share().files().read(source.fh, buf, k.sourceOffset());
        if (n < k.length()) {
            throw new SmbException(NtStatus.INVALID_VIEW_SIZE, "source ended during the copy");
        }
        buf.flip();
        files.write(source.session.credentials, target.fh, buf, k.targetOffset());
    }
}
