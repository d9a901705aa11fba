package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.ReservedBody;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.smb.mssmb2.TreeConnectRequest;
import io.handlefs.smb.mssmb2.TreeConnectResponse;

import java.util.ArrayList;

/** TREE_CONNECT, TREE_DISCONNECT and LOGOFF, [MS-SMB2] 3.3.5.7, 3.3.5.8, 3.3.5.6. */
final class TreeHandler {
    private static final int READ_ONLY_ACCESS = Access.FILE_GENERIC_READ | Access.FILE_GENERIC_EXECUTE;

    private final ServerState server;
    private final CloseHandler close;

    TreeHandler(ServerState server, CloseHandler close) {
        this.server = server;
        this.close = close;
    }

    Reply connect(Request req) {
        TreeConnectRequest t = TreeConnectRequest.decode(req.message);
        String name = t.shareName();
        Session session = req.session;
        if (session.trees.size() >= ServerState.MAX_TREES_PER_SESSION) {
            throw new SmbException(NtStatus.INSUFFICIENT_RESOURCES, "too many tree connects");
        }
        TreeConnect tree;
        if (name.equalsIgnoreCase("IPC$")) {
            tree = new TreeConnect(session.newTreeId(), null, false, READ_ONLY_ACCESS);
        } else {
            Share share = server.share(name);
            if (share == null) {
                throw new SmbException(NtStatus.BAD_NETWORK_NAME, name);
            }
            boolean encrypt = share.config().encrypt();
            if (encrypt && !req.conn.canEncrypt()) {
                throw new SmbException(NtStatus.ACCESS_DENIED, name + " needs encryption, the connection has none");
            }
            int access = share.config().readOnly() ? READ_ONLY_ACCESS : Access.FILE_ALL_ACCESS;
            tree = new TreeConnect(session.newTreeId(), share, encrypt, access);
        }
        session.trees.put(tree.id(), tree);
        req.tree = tree;
        req.responseTreeId = tree.id();
        int flags = tree.encryptData() ? TreeConnectResponse.SHAREFLAG_ENCRYPT_DATA : 0;
        if (tree.isPipe()) {
            flags |= TreeConnectResponse.SHAREFLAG_NO_CACHING;
        }
        boolean ca = !tree.isPipe() && tree.share().config().continuousAvailability() && req.conn.is3x();
        return Reply.ok(new TreeConnectResponse(tree.isPipe() ? TreeConnectResponse.TYPE_PIPE
                : TreeConnectResponse.TYPE_DISK, flags, ca ? TreeConnectResponse.CAP_CONTINUOUS_AVAILABILITY : 0,
                tree.maximalAccess()));
    }

    Reply disconnect(Request req) {
        ReservedBody.decode(req.message);
        TreeConnect tree = req.tree;
        closeOpens(req.session, tree);
        req.session.trees.remove(tree.id());
        return Reply.ok(ReservedBody.INSTANCE);
    }

    Reply logoff(Request req) {
        ReservedBody.decode(req.message);
        // Durable opens outlive a LOGOFF: a new session may reconnect them (smbtorture durable-open reopen4).
        abandonSession(req.session);
        return Reply.ok(ReservedBody.INSTANCE);
    }

    /**
     * Ends a session on every channel (LOGOFF, a failed reauthentication, a PreviousSessionId):
     * its opens close, its trees go, and it is known nowhere any more.
     */
    void endSession(Session session) {
        session.valid = false;
        closeOpens(session, null);
        session.trees.clear();
        for (Connection c : session.channels.keySet()) {
            c.sessions.remove(session.id);
        }
        session.channels.clear();
        server.sessions.remove(session.id);
    }

    /** Closes the opens of one tree (or of every tree when {@code tree} is null). */
    private void closeOpens(Session session, TreeConnect tree) {
        for (Open o : new ArrayList<>(session.opens.values())) {
            if (tree == null || o.tree == tree) {
                close.close(o);
            }
        }
    }

    /** Closes everything of a connection that went away, but keeps its durable opens for their timeout. */
    void connectionLost(Connection conn) {
        for (Session s : conn.sessions.values()) {
            s.channels.remove(conn);
            // A session bound to other connections lives on there (3.3.7.1).
            if (s.channels.isEmpty()) {
                abandonSession(s);
            }
        }
        conn.sessions.clear();
    }

    /**
     * Ends a session whose client went away or came back under a new one (PreviousSessionId):
     * its durable opens wait for their reconnect, the others are released.
     */
    void abandonSession(Session s) {
        for (Open o : new ArrayList<>(s.opens.values())) {
            // Removal from this session decides who ends the open: a reconnect may have taken it.
            if (!server.durable.detach(o, s) && s.opens.remove(o.fileId.volatileId(), o)) {
                close.release(o);
            }
        }
        endSession(s);
    }
}
