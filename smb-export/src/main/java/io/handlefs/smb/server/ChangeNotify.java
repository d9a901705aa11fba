package io.handlefs.smb.server;

import io.handlefs.codec.NodeId;
import io.handlefs.smb.mssmb2.ChangeNotifyRequest;
import io.handlefs.smb.mssmb2.ErrorResponse;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * CHANGE_NOTIFY, [MS-SMB2] 3.3.5.19: a request on a directory open waits, asynchronously, until a
 * name in that directory changes through this server (a create, a delete, either side of a rename
 * or a hard link). It then completes with STATUS_NOTIFY_ENUM_DIR and no entries: the client lists
 * the directory again, the answer a server gives when it does not report changes one by one. Only
 * names are watched, and only those of the directory itself (WATCH_TREE included): changes of
 * attributes, sizes or times, and changes made beside this server, are not reported. CANCEL ends
 * a request with STATUS_CANCELLED, the close of its open with STATUS_NOTIFY_CLEANUP.
 */
final class ChangeNotify {
    private static final int NAMES = ChangeNotifyRequest.CHANGE_FILE_NAME | ChangeNotifyRequest.CHANGE_DIR_NAME;

    private record Watch(Request req, Open open, int filter, long asyncId, AtomicBoolean done) {}

    private final Map<NodeId, List<Watch>> byDirectory = new ConcurrentHashMap<>();

    Reply handle(Request req) {
        ChangeNotifyRequest n = ChangeNotifyRequest.decode(req.message);
        Open o = req.open(n.fileId());
        if (!o.directory) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "CHANGE_NOTIFY on a file");
        }
        if (!o.can(Access.FILE_READ_DATA)) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "CHANGE_NOTIFY without FILE_LIST_DIRECTORY");
        }
        if (!req.lastInCompound) {
            // Only the last request of a compound may wait; the others answer at once, and "list
            // the directory again" is true whatever happened.
            throw new SmbException(NtStatus.NOTIFY_ENUM_DIR, "CHANGE_NOTIFY inside a compound");
        }
        Watch w = new Watch(req, o, n.completionFilter(), req.conn.newAsyncId(), new AtomicBoolean());
        byDirectory.computeIfAbsent(o.node, k -> new CopyOnWriteArrayList<>()).add(w);
        req.conn.pending.put(w.asyncId(), new Connection.Pending(req, () -> end(w, NtStatus.CANCELLED)));
        return Reply.pending(w.asyncId());
    }

    /** A name in directory {@code dir} changed through this server (any thread). */
    void nameChanged(NodeId dir) {
        List<Watch> watches = byDirectory.get(dir);
        if (watches != null) {
            watches.stream().filter(w -> (w.filter() & NAMES) != 0)
                    .forEach(w -> endOnItsConnection(w, NtStatus.NOTIFY_ENUM_DIR));
        }
    }

    /** The open is closing: its waiting requests end. */
    void closed(Open o) {
        List<Watch> watches = o.directory ? byDirectory.get(o.node) : null;
        if (watches != null) {
            watches.stream().filter(w -> w.open() == o).forEach(w -> endOnItsConnection(w, NtStatus.NOTIFY_CLEANUP));
        }
    }

    /** Responses of a connection are sent from its thread; a lost connection's requests ended already. */
    private void endOnItsConnection(Watch w, NtStatus status) {
        if (!w.done().get() && w.req().conn.channel.isActive()) {
            w.req().conn.post(() -> end(w, status));
        }
    }

    private void end(Watch w, NtStatus status) {
        if (!w.done().compareAndSet(false, true)) {
            return;
        }
        byDirectory.computeIfPresent(w.open().node, (k, l) -> {
            l.remove(w);
            return l.isEmpty() ? null : l;
        });
        Connection conn = w.req().conn;
        conn.pending.remove(w.asyncId());
        if (conn.channel.isActive()) {
            conn.dispatcher.completeAsync(w.req(), w.asyncId(), Reply.of(status, ErrorResponse.EMPTY));
        }
    }
}
