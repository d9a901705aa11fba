package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.Command;
import io.handlefs.smb.mssmb2.FileId;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.Smb2Header;
import io.handlefs.smb.mssmb2.SmbException;

import java.nio.ByteBuffer;

/**
 * One SMB2 request being served: its header and bytes, the connection, and the session, tree
 * and (in a related compound) file it refers to. Handlers set the ids the response carries.
 */
final class Request {
    final Connection conn;
    final Smb2Header header;
    /** The message alone: index 0 is its header. */
    final ByteBuffer message;
    final boolean encrypted;
    final boolean lastInCompound;
    Session session;
    TreeConnect tree;
    /** The file of the previous request in a related compound (FileId all ones refers to it). */
    FileId previousFileId;
    /** The file this request opened or used: what a following related request refers to. */
    FileId fileIdForChain;
    long responseSessionId;
    int responseTreeId;
    /** A lone WRITE served while its data is still arriving: where the data goes; else null. */
    IncomingWrite incoming;
    /** The open this request counts against as outstanding (3.x channel sequence), or null. */
    private Open sequenced;

    Request(Connection conn, Smb2Header header, ByteBuffer message, boolean encrypted, boolean lastInCompound) {
        this.conn = conn;
        this.header = header;
        this.message = message;
        this.encrypted = encrypted;
        this.lastInCompound = lastInCompound;
        this.responseSessionId = header.sessionId();
        this.responseTreeId = header.treeId();
    }

    /** The same request, served on another connection of its session (its own went away). */
    Request on(Connection other) {
        Request moved = new Request(other, header, message, encrypted, lastInCompound);
        moved.session = session;
        moved.tree = tree;
        moved.previousFileId = previousFileId;
        return moved;
    }

    /** The open a FileId names in this request's session and tree. */
    Open open(FileId id) {
        FileId effective = id.isCompounded() && header.has(Smb2Header.FLAG_RELATED) ? previousFileId : id;
        if (effective == null || effective.isCompounded()) {
            throw new SmbException(NtStatus.FILE_CLOSED, "no file in the compound chain");
        }
        fileIdForChain = effective;
        Open open = session.opens.get(effective.volatileId());
        if (open == null || open.fileId.persistent() != effective.persistent() || open.tree != tree) {
            throw new SmbException(NtStatus.FILE_CLOSED, "no open " + effective);
        }
        checkChannelSequence(open);
        if (open.replayKey != null) {
            conn.server.replays.used(open);
        }
        return open;
    }

    /** The ChannelSequence field of a 3.x request header (the low half of what responses use as Status). */
    int channelSequence() {
        return header.status() & 0xFFFF;
    }

    /** [MS-SMB2] 3.3.5.2.10: counts this request against the open's channel sequence, once. */
    private void checkChannelSequence(Open open) {
        if (!conn.is3x() || sequenced != null) {
            return;
        }
        if (open.channelSequence.admit(channelSequence(), header.has(Smb2Header.FLAG_REPLAY))) {
            sequenced = open;
        } else if (header.command() == Command.WRITE || header.command() == Command.SET_INFO
                || header.command() == Command.IOCTL) {
            throw new SmbException(NtStatus.FILE_NOT_AVAILABLE, "stale channel sequence " + channelSequence());
        }
    }

    /** The request is answered: it no longer counts as outstanding on its open. */
    void finished() {
        if (sequenced != null) {
            sequenced.channelSequence.done(channelSequence());
            sequenced = null;
        }
    }
}
