package io.handlefs.smb.server;

import io.handlefs.lookup.Credentials;
import io.handlefs.sys.ErrnoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closing an open, [MS-SMB2] 3.3.5.10 with [MS-FSA] 2.1.5.4: releases its handles and locks,
 * and when the last open of a file goes while a delete is pending, removes the file (as the
 * user who closed it). Also what TREE_DISCONNECT, LOGOFF and a lost connection do to each open.
 */
final class CloseHandler {
    private static final Logger log = LoggerFactory.getLogger(CloseHandler.class);

    private final ServerState server;
    private final LockHandler locks;

    CloseHandler(ServerState server, LockHandler locks) {
        this.server = server;
        this.locks = locks;
    }

    void close(Open o) {
        if (o.session.opens.remove(o.fileId.volatileId()) == null) {
            return;
        }
        release(o);
    }

    /** Releases an open no session holds any more: closed, or durable and not reclaimed in time. */
    void release(Open o) {
        server.releaseOpen();
        if (o.pipe != null) {
            return;
        }
        Share share = o.tree.share();
        synchronized (o.cursor) {
            if (o.cursor.handle >= 0) {
                share.dirs().releasedir(o.cursor.handle);
                o.cursor.handle = -1;
            }
        }
        if (o.fh >= 0) {
            share.files().release(o.fh);
        }
        locks.cancelWaitersOf(o);
        server.notify.closed(o);
        NodeStates.State st = server.nodes.get(o.node);
        boolean delete = false;
        boolean hadLocks = false;
        if (st != null) {
            synchronized (st) {
                st.opens.remove(o);
                server.breaks.closed(st, o);
                if (o.deleteOnClose) {
                    st.deletePending = true;
                }
                hadLocks = st.locks.removeAll(o);
                server.lockMirror.closed(o);
                delete = st.opens.isEmpty() && st.deletePending;
            }
            if (hadLocks) {
                NodeStates.wake(st);
            }
            server.breaks.wake(o.node);
            server.nodes.release(o.node, st);
        }
        // Only once its share mode and locks are gone: until then it is still a durable open.
        server.durable.forget(o);
        server.replays.used(o);
        if (delete && o.parent != null) {
            remove(share, o);
            server.notify.nameChanged(o.parent);
        }
        share.export().forget(o.node, 1);
        if (o.parent != null) {
            share.export().forget(o.parent, 1);
        }
    }

    private static void remove(Share share, Open o) {
        Credentials caller = o.session.credentials;
        try {
            if (o.directory) {
                share.export().rmdir(caller, o.parent, o.name);
            } else {
                share.export().unlink(caller, o.parent, o.name);
            }
            share.export().changes().nameChanged(o.parent, o.name);
        } catch (ErrnoException e) {
            log.info("delete on close of {} failed: {}", o.path, e.getMessage());
        }
    }
}
