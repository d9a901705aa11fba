package io.handlefs.smb.server;

import io.handlefs.lookup.Export;
import io.handlefs.smb.msfscc.DosInfo;
import io.handlefs.smb.msfscc.FileAttributes;
import io.handlefs.smb.msfscc.FileRange;
import io.handlefs.smb.mssmb2.IoctlRequest;
import io.handlefs.smb.mssmb2.IoctlResponse;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbDecodeException;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Sparse files, [MS-FSCC] 2.3.64, 2.3.51, 2.3.85 and [MS-FSA] 2.1.5.10.{29,22,33}:
 * FSCTL_SET_SPARSE marks a file (FILE_ATTRIBUTE_SPARSE_FILE, kept with the DOS attributes),
 * FSCTL_QUERY_ALLOCATED_RANGES reports the lower file's data ranges (SEEK_DATA / SEEK_HOLE) and
 * FSCTL_SET_ZERO_DATA punches holes (fallocate) in a sparse file, or zeroes the range of
 * another (FALLOC_FL_ZERO_RANGE), never past the end of the file.
 */
final class SparseFiles {
    private static final int RANGE_SIZE = FileRange.SIZE;

    private final ServerState server;

    SparseFiles(ServerState server) {
        this.server = server;
    }

    /** FILE_SET_SPARSE_BUFFER: one optional byte, SetSparse (absent means set). */
    byte[] setSparse(Request req, IoctlRequest i) {
        Open o = file(req.open(i.fileId()));
        if (!o.can(Access.FILE_WRITE_DATA | Access.FILE_WRITE_ATTRIBUTES | Access.FILE_APPEND_DATA)) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "set sparse without write access");
        }
        boolean sparse = i.input().length == 0 || i.input()[0] != 0;
        Export export = o.tree.share().export();
        DosInfo old = DosStore.load(export, o.node);
        int attributes = old.hasAttributes() ? old.attributes() : FileAttributes.ARCHIVE;
        attributes = sparse ? attributes | FileAttributes.SPARSE_FILE : attributes & ~FileAttributes.SPARSE_FILE;
        DosStore.store(export, o.node, new DosInfo(true, attributes, old.creationTime(), old.changeTime(),
                old.changeGuard()));
        return new byte[0];
    }

    Reply queryAllocatedRanges(Request req, IoctlRequest i) {
        Open o = file(req.open(i.fileId()));
        FileRange range = decodeRange(i.input());
        long offset = range.first();
        long length = range.second();
        if (offset < 0 || length < 0 || offset > Long.MAX_VALUE - length) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "range " + offset + "+" + length);
        }
        if (!o.can(Access.FILE_READ_DATA) || o.fh < 0) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "allocated ranges without read access");
        }
        Export export = o.tree.share().export();
        long end = Math.min(offset + length, export.getattr(o.node).size());
        // A file not marked sparse is allocated throughout, whatever extents the lower file has
        // (ext4 shows zeroed ranges as holes).
        boolean sparse = (DosStore.load(export, o.node).attributes() & FileAttributes.SPARSE_FILE) != 0;
        int room = i.maxOutputResponse() / RANGE_SIZE;
        ByteBuffer out = ByteBuffer.allocate(Math.max(1, Math.min(room, 64)) * RANGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int found = 0;
        long at = offset;
        while (at < end) {
            long data = sparse ? seek(o, at, Linux.SEEK_DATA) : at;
            if (data < 0 || data >= end) {
                break;
            }
            long hole = sparse ? Math.min(seek(o, data, Linux.SEEK_HOLE), end) : end;
            if (room == 0) {
                throw new SmbException(NtStatus.BUFFER_TOO_SMALL, "room for no range");
            }
            if (found == room) {
                return reply(NtStatus.BUFFER_OVERFLOW, i, o, out);
            }
            if (!out.hasRemaining()) {
                out = ByteBuffer.allocate(out.capacity() * 2).order(ByteOrder.LITTLE_ENDIAN).put(out.flip());
            }
            new FileRange(data, hole - data).encode(out);
            found++;
            at = hole;
        }
        return reply(NtStatus.SUCCESS, i, o, out);
    }

    /** FILE_ZERO_DATA_INFORMATION: FileOffset, BeyondFinalZero. */
    byte[] setZeroData(Request req, IoctlRequest i) {
        Open o = file(req.open(i.fileId()));
        FileRange range = decodeRange(i.input());
        long from = range.first();
        long beyond = range.second();
        if (from < 0 || beyond < 0 || from > beyond) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "zero data " + from + " to " + beyond);
        }
        if (!o.can(Access.FILE_WRITE_DATA) || o.fh < 0) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "zero data without write access");
        }
        Export export = o.tree.share().export();
        long end = Math.min(beyond, export.getattr(o.node).size());
        if (end <= from) {
            return new byte[0];
        }
        LockHandler.checkIo(server, o, from, end - from, true);
        boolean sparse = (DosStore.load(export, o.node).attributes() & FileAttributes.SPARSE_FILE) != 0;
        int mode = Linux.FALLOC_FL_KEEP_SIZE | (sparse ? Linux.FALLOC_FL_PUNCH_HOLE : Linux.FALLOC_FL_ZERO_RANGE);
        o.tree.share().files().fallocate(o.fh, mode, from, end - from);
        export.changes().dataChanged(o.node);
        return new byte[0];
    }

    private static Reply reply(NtStatus status, IoctlRequest i, Open o, ByteBuffer out) {
        byte[] ranges = new byte[out.position()];
        out.flip().get(ranges);
        return Reply.of(status, new IoctlResponse(i.ctlCode(), o.fileId, ranges));
    }

    /** SEEK_DATA / SEEK_HOLE; -1 when there is no data at or after the offset (ENXIO). */
    private static long seek(Open o, long offset, int whence) {
        try {
            return o.tree.share().files().lseek(o.fh, offset, whence);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENXIO) {
                return -1;
            }
            throw e;
        }
    }

    /** A short input is a bad parameter of this FSCTL (as Windows answers), not a malformed message. */
    private static FileRange decodeRange(byte[] input) {
        try {
            return FileRange.decode(input);
        } catch (SmbDecodeException e) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, e.getMessage());
        }
    }

    private static Open file(Open o) {
        if (o.pipe != null || o.directory) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "sparse operations apply to files");
        }
        return o;
    }
}
