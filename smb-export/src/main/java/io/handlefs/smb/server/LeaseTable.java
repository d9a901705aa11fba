package io.handlefs.smb.server;

import io.handlefs.codec.NodeId;
import io.handlefs.smb.server.lease.Holder;
import io.handlefs.smb.server.lease.LeaseKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's leases, [MS-SMB2] 3.3.1.4: which file each (ClientGuid, LeaseKey) is bound to (a
 * key names one file per client), and, per client, the connections its lease breaks may go to.
 */
final class LeaseTable {
    private final Map<LeaseKey, NodeId> files = new ConcurrentHashMap<>();
    /** Per client (ClientGuid): its connections that took leases, oldest first. */
    private final Map<List<Long>, List<Connection>> clients = new ConcurrentHashMap<>();

    /** The file a lease key is bound to, or null. */
    NodeId fileOf(LeaseKey key) {
        return files.get(key);
    }

    /** Records a lease granted on a file, and the connection of the client it was granted on. */
    void granted(Holder<Open> h, NodeId node, Connection conn) {
        if (h.isLease()) {
            files.put(h.key(), node);
            List<Connection> list = clients.computeIfAbsent(client(h.key()), k -> new ArrayList<>());
            synchronized (list) {
                list.removeIf(c -> !c.channel.isActive());
                if (!list.contains(conn)) {
                    list.add(conn);
                }
            }
        }
    }

    /** A lease restored after a restart: bound to its file until its client connects again. */
    void restored(Holder<Open> h, NodeId node) {
        if (h.isLease()) {
            files.put(h.key(), node);
        }
    }

    /** A connection went away: it is no longer where its client's lease breaks go. */
    void connectionLost(Connection conn) {
        clients.values().removeIf(list -> {
            synchronized (list) {
                list.remove(conn);
                return list.isEmpty();
            }
        });
    }

    private static List<Long> client(LeaseKey key) {
        return List.of(key.guidLow(), key.guidHigh());
    }

    /**
     * Where a lease break goes: a lease is the client's, not an open's, so to the client's oldest
     * connection still up (as Samba does, smbtorture smb2.lease.v2_complex1), else that of an open.
     */
    Connection connectionFor(LeaseKey key, Open any) {
        List<Connection> list = clients.get(client(key));
        if (list != null) {
            synchronized (list) {
                list.removeIf(c -> !c.channel.isActive());
                if (!list.isEmpty()) {
                    return list.get(0);
                }
            }
        }
        return any.connection;
    }

    /** Forgets a lease whose last open closed. */
    void gone(Holder<Open> h) {
        if (h != null && h.isLease()) {
            files.remove(h.key());
        }
    }
}
