package io.handlefs.smb.server;

import io.handlefs.codec.NodeId;
import io.handlefs.smb.mssmb2.LeaseBreakAck;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.OplockBreak;
import io.handlefs.smb.mssmb2.Smb2Header;
import io.handlefs.smb.mssmb2.SmbDecodeException;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.smb.mssmb2.WireReader;
import io.handlefs.smb.server.lease.Break;
import io.handlefs.smb.server.lease.Holder;
import io.handlefs.smb.server.lease.LeaseKey;

import java.util.List;

/**
 * OPLOCK_BREAK requests: the client's acknowledgment of an oplock break ([MS-SMB2] 3.3.5.22.1)
 * or of a lease break (3.3.5.22.2), told apart by their StructureSize. An acknowledged break
 * wakes the opens that waited for it.
 */
final class OplockBreakHandler {
    private final ServerState server;

    OplockBreakHandler(ServerState server) {
        this.server = server;
    }

    static boolean isLeaseAck(Request req) {
        return req.message.limit() >= Smb2Header.SIZE + 2
                && WireReader.at(req.message, Smb2Header.SIZE).u16() == LeaseBreakAck.STRUCTURE_SIZE;
    }

    Reply handle(Request req) {
        int size = WireReader.at(req.message, Smb2Header.SIZE).u16();
        if (size == OplockBreak.STRUCTURE_SIZE) {
            return oplock(req, OplockBreak.decode(req.message));
        }
        if (size == LeaseBreakAck.STRUCTURE_SIZE) {
            return lease(req, LeaseBreakAck.decode(req.message));
        }
        throw new SmbDecodeException(SmbDecodeException.Kind.BAD_VALUE, "OPLOCK_BREAK StructureSize " + size);
    }

    private Reply oplock(Request req, OplockBreak ack) {
        Open o = req.open(ack.fileId());
        NodeStates.State st = o.node == null ? null : server.nodes.get(o.node);
        if (st == null) {
            throw new SmbException(NtStatus.INVALID_OPLOCK_PROTOCOL, "no oplock on " + ack.fileId());
        }
        int level;
        try {
            synchronized (st) {
                level = st.caching.acknowledgeOplock(o, ack.oplockLevel());
                o.caching = st.caching.holderOf(o);
            }
        } finally {
            server.breaks.wake(o.node);
        }
        server.durable.changed(o);
        return Reply.ok(new OplockBreak(level, o.fileId));
    }

    private Reply lease(Request req, LeaseBreakAck ack) {
        LeaseKey key = LeaseKey.of(req.conn.clientGuid, ack.leaseKey());
        NodeId node = server.breaks.leases().fileOf(key);
        NodeStates.State st = node == null ? null : server.nodes.get(node);
        if (st == null) {
            throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "no such lease");
        }
        Break<Open> next;
        List<Open> holding;
        try {
            synchronized (st) {
                Holder<Open> h = st.caching.lease(key);
                if (h == null) {
                    throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "no such lease");
                }
                next = st.caching.acknowledgeLease(h, ack.leaseState());
                holding = List.copyOf(h.opens());
            }
        } finally {
            server.breaks.wake(node);
        }
        holding.forEach(server.durable::changed);
        if (next != null) {
            server.breaks.send(node, List.of(next));
        }
        // The state acknowledged: a further break that follows it is the client's next news.
        return Reply.ok(new LeaseBreakAck(0, ack.leaseKey(), ack.leaseState(), 0));
    }
}
