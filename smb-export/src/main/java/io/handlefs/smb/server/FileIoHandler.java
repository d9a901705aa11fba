package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.CloseRequest;
import io.handlefs.smb.mssmb2.CloseResponse;
import io.handlefs.smb.mssmb2.FileStat;
import io.handlefs.smb.mssmb2.FlushRequest;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.ReadRequest;
import io.handlefs.smb.mssmb2.ReadResponse;
import io.handlefs.smb.mssmb2.ReservedBody;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.smb.mssmb2.WriteRequest;
import io.handlefs.smb.mssmb2.WriteResponse;

import io.handlefs.lookup.Credentials;
import io.handlefs.lookup.OpenFiles;
import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.util.List;

/** CLOSE, FLUSH, READ and WRITE, [MS-SMB2] 3.3.5.10–3.3.5.13, on files and on the srvsvc pipe. */
final class FileIoHandler {
    /** The largest file size NTFS allows, which clients test for ([MS-FSA] 2.1.5.3: 0xfffffff0000). */
    private static final long MAX_FILE_SIZE = 0xfffffff0000L;

    private final ServerState server;
    private final CloseHandler closer;

    FileIoHandler(ServerState server, CloseHandler closer) {
        this.server = server;
        this.closer = closer;
    }

    Reply close(Request req) {
        CloseRequest c = CloseRequest.decode(req.message);
        Open o = req.open(c.fileId());
        FileStat stat = FileStat.NONE;
        int flags = 0;
        if ((c.flags() & CloseRequest.POSTQUERY_ATTRIB) != 0 && o.pipe == null) {
            stat = DosStore.view(o.tree.share().export(), o.node).fileStat();
            flags = CloseRequest.POSTQUERY_ATTRIB;
        }
        closer.close(o);
        return Reply.ok(new CloseResponse(flags, stat));
    }

    Reply flush(Request req) {
        Open o = req.open(FlushRequest.decode(req.message).fileId());
        if (o.fh >= 0) {
            o.tree.share().files().fsync(o.fh, false);
        } else if (o.pipe == null && !o.directory) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "flush without write access");
        }
        return Reply.ok(ReservedBody.INSTANCE);
    }

    Reply read(Request req) {
        ReadRequest r = ReadRequest.decode(req.message);
        Open o = req.open(r.fileId());
        int max = server.config.maxIoBytes();
        if (r.length() > max) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "READ of " + r.length());
        }
        if (o.pipe != null) {
            byte[] data = o.pipe.read(r.length());
            if (data.length == 0) {
                throw new SmbException(NtStatus.PIPE_EMPTY, "nothing to read on the pipe");
            }
            return Reply.large(new ReadResponse(ByteBuffer.wrap(data)), data.length);
        }
        if (o.directory) {
            throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST, "READ of a directory");
        }
        if (o.fh < 0 || !o.can(Access.FILE_READ_DATA | Access.FILE_EXECUTE)) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "no read access");
        }
        if (r.offset() < 0 || r.offset() > Long.MAX_VALUE - r.length()) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "READ offset " + r.offset());
        }
        LockHandler.checkIo(server, o, r.offset(), r.length(), false);
        // The file is read straight into the pooled direct buffer the response goes out in, after
        // room for the frame's length prefix, header and READ response: no copy in user space when
        // the dispatcher can send it as it is (Reply's class comment).
        ByteBuf frame = req.conn.channel.alloc().directBuffer(Reply.FRAME_HEADROOM + r.length());
        boolean handedOver = false;
        try {
            int n = o.tree.share().files().read(o.fh, frame.nioBuffer(Reply.FRAME_HEADROOM, r.length()), r.offset());
            if ((n == 0 && r.length() > 0) || n < r.minimumCount()) {
                throw new SmbException(NtStatus.END_OF_FILE, "READ at " + r.offset());
            }
            o.position = r.offset() + n;
            frame.writerIndex(Reply.FRAME_HEADROOM + n);
            Reply reply = Reply.inFrame(new ReadResponse(frame.nioBuffer(Reply.FRAME_HEADROOM, n)), n, frame);
            handedOver = true;
            return reply;
        } finally {
            if (!handedOver) {
                frame.release();
            }
        }
    }

    Reply write(Request req) {
        WriteRequest w = req.incoming != null ? WriteRequest.decodeStreamed(req.message)
                : WriteRequest.decode(req.message, req.conn.detachedData(req.message));
        Open o = req.open(w.fileId());
        int length = w.length();
        if (o.pipe != null) {
            if (req.incoming != null) {
                throw new SmbException(NtStatus.INVALID_PARAMETER, "pipe WRITE of " + length);
            }
            ByteBuffer b = ByteBuffer.allocate(length);
            w.data().forEach(part -> b.put(part.duplicate()));
            o.pipe.write(b.array());
            return Reply.ok(new WriteResponse(length));
        }
        if (o.directory) {
            throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST, "WRITE to a directory");
        }
        if (o.fh < 0 || !o.can(Access.WRITE_BITS)) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "no write access");
        }
        long offset = w.offset();
        if (!o.can(Access.FILE_WRITE_DATA) && o.can(Access.FILE_APPEND_DATA)) {
            offset = o.tree.share().export().getattr(o.node).size();
        } else if (offset < 0 || (length > 0 && offset > MAX_FILE_SIZE - length)) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "WRITE at " + offset + " of " + length);
        }
        if (length == 0) {
            return Reply.ok(new WriteResponse(0));
        }
        LockHandler.checkIo(server, o, offset, length, true);
        server.breaks.beforeWrite(o);
        // On a CA share the file is open O_DSYNC (CreateHandler.writeThrough): each write is durable,
        // and pays a sync, so a streamed WRITE's data is written there in one go once it is all in.
        OpenFiles files = o.tree.share().files();
        Credentials writer = req.session.credentials;
        long fh = o.fh;
        long at = offset;
        if (req.incoming != null) {
            req.incoming.admit((data, pos) -> files.write(writer, fh, data, pos), at,
                    o.tree.share().config().continuousAvailability(), n -> written(o, at, n));
            return Reply.NONE;
        }
        return written(o, at, files.write(writer, fh, directData(req, w.data(), length), at));
    }

    /** n bytes were written at offset: the FUSE side learns of it, the open's position moves. */
    private static Reply written(Open o, long offset, long n) {
        o.tree.share().export().changes().dataChanged(o.node);
        o.position = offset + n;
        return Reply.ok(new WriteResponse((int) n));
    }

    /**
     * The data as direct buffers: as they are when they are the received frame's own (or views
     * of it, found through the connection), else copied into this thread's direct buffer.
     */
    private static ByteBuffer[] directData(Request req, List<ByteBuffer> data, int length) {
        if (allDirect(data)) {
            return data.toArray(ByteBuffer[]::new);
        }
        ByteBuffer[] received = data.size() == 1 ? req.conn.receivedView(data.get(0)) : null;
        if (received != null) {
            return received;
        }
        ByteBuffer direct = IoBuffers.direct(length);
        data.forEach(part -> direct.put(part.duplicate()));
        return new ByteBuffer[] {direct.flip()};
    }

    private static boolean allDirect(List<ByteBuffer> data) {
        for (ByteBuffer b : data) {
            if (!b.isDirect()) {
                return false;
            }
        }
        return true;
    }
}
