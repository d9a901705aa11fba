package io.handlefs.smb.server;

import io.handlefs.codec.NodeId;
import io.handlefs.inode.NodeRecord;
import io.handlefs.lookup.Credentials;
import io.handlefs.lookup.Export;
import io.handlefs.smb.crypto.PreauthHash;
import io.handlefs.smb.mssmb2.FileId;
import io.handlefs.smb.server.lease.LeaseKey;
import io.handlefs.smb.server.lease.OplockLevel;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At startup, before the first connection: every open of the persistent table comes back as a
 * disconnected durable open, its file reopened by handle (so a rename while the server was down
 * does not matter), its share modes, byte-range locks and lease or oplock in force, until its owner reclaims it
 * with DH2C or its timeout, counted from now, expires. An open whose file or share is gone is
 * dropped from the table. The handles are the server's own records (the state directory is
 * trusted), so they are opened without the checks a handle from outside gets.
 */
final class PersistentRecovery {
    private static final Logger log = LoggerFactory.getLogger(PersistentRecovery.class);

    private final ServerState server;

    PersistentRecovery(ServerState server) {
        this.server = server;
    }

    void restore() {
        PersistentOpenTable table = server.durable.table();
        int restored = 0;
        int dropped = 0;
        for (PersistentOpen p : table.all()) {
            server.fileIdsAbove(Math.max(p.persistentId(), p.volatileId()));
            try {
                server.reserveOpen();
                try {
                    restore(p);
                } catch (RuntimeException e) {
                    server.releaseOpen();
                    throw e;
                }
                restored++;
            } catch (RuntimeException e) {
                if (gone(e)) {
                    log.info("persistent open {} of {} cannot come back ({}): dropped", p.persistentId(), p.path(),
                            e.getMessage());
                    table.remove(p.persistentId());
                    dropped++;
                    continue;
                }
                // Not the file's fault (no descriptor left, a full open table): kept for the next start.
                log.error("persistent open {} of {} not restored, kept in the table", p.persistentId(), p.path(), e);
            }
        }
        if (restored + dropped > 0) {
            log.info("persistent opens: {} restored, waiting for their clients; {} dropped", restored, dropped);
        }
    }

    /** The file or its share is gone for good (not a passing shortage of descriptors or memory). */
    private static boolean gone(RuntimeException e) {
        return e instanceof IllegalStateException
                || e instanceof ErrnoException x && (x.errno() == Errno.ESTALE || x.errno() == Errno.ENOENT);
    }

    private void restore(PersistentOpen p) {
        Share share = server.share(p.share());
        if (share == null) {
            throw new IllegalStateException("share " + p.share() + " is not served any more");
        }
        Export export = share.export();
        NodeId parent = p.parent() == null ? null : export.table().find(p.parent()).map(NodeRecord::id).orElse(null);
        // A table in memory does not know the file after a restart; the handle is our own record.
        NodeRecord node = export.table().find(p.file())
                .orElseGet(() -> export.table().getOrCreate(p.file(), p.fileType(), parent == null ? NodeId.ROOT : parent));
        export.getattr(node.id());
        Credentials owner = new Credentials(p.uid(), p.gid(), new int[0]);
        long fh = p.directory() ? -1 : CreateHandler.openData(share, owner, node.id(), p.access(), 0);
        export.retain(node.id());
        if (parent != null) {
            export.retain(parent);
        }
        Session session = new Session(0, PreauthHash.INITIAL);
        session.userName = p.owner();
        session.credentials = owner;
        TreeConnect tree = new TreeConnect(0, share, share.config().encrypt(), Access.FILE_ALL_ACCESS);
        Open o = new Open(new FileId(p.persistentId(), p.volatileId()), session, tree, node.id(), parent,
                parent == null ? null : p.name(), p.path(), p.directory(), p.access(), p.shareAccess(), fh, null);
        o.durable = new DurableGrant(2, true, p.createGuid(), p.timeoutMillis(), p.owner(), p.clientGuid(),
                p.appInstanceId());
        NodeStates.State st = server.nodes.acquire(node.id());
        synchronized (st) {
            st.opens.add(o);
            for (PersistentOpen.Lock l : p.locks()) {
                st.locks.add(new ByteRangeLocks.Range(o, l.offset(), l.length(), l.exclusive()));
            }
            if (p.oplockLevel() != OplockLevel.NONE) {
                LeaseKey key = p.leaseKey() == null ? null : LeaseKey.of(p.clientGuid().bytes(), p.leaseKey().bytes());
                o.caching = st.caching.restore(o, key, p.leaseVersion(), p.leaseState(), p.leaseEpoch());
            }
        }
        server.nodes.unpin(node.id(), st);
        if (o.caching != null) {
            server.breaks.leases().restored(o.caching, node.id());
        }
        server.durable.restored(o);
    }
}
