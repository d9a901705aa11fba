package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.Command;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.ReservedBody;
import io.handlefs.smb.mssmb2.Smb2Header;
import io.handlefs.smb.mssmb2.SmbException;

import java.nio.ByteBuffer;

/**
 * The one dispatch switch: checks what every command needs (a negotiated connection, a valid
 * and correctly signed session, a tree, encryption where required) and hands the request to its
 * command's handler.
 */
final class Handlers {
    final NegotiateHandler negotiate;
    private final SessionSetupHandler sessionSetup;
    private final TreeHandler trees;
    private final CreateHandler create;
    private final FileIoHandler io;
    private final DirectoryHandler directory;
    private final QueryInfoHandler queryInfo;
    private final SetInfoHandler setInfo;
    private final IoctlHandler ioctl;
    private final LockHandler lock;
    private final OplockBreakHandler oplockBreak;
    private final ChangeNotify notify;

    Handlers(ServerState server) {
        this.negotiate = new NegotiateHandler(server);
        this.lock = new LockHandler(server);
        CloseHandler close = new CloseHandler(server, lock);
        this.trees = new TreeHandler(server, close);
        this.sessionSetup = new SessionSetupHandler(server, trees);
        server.durable.releaseWith(close::release);
        this.create = new CreateHandler(server, new DurableCreate(server, close::release));
        this.io = new FileIoHandler(server, close);
        this.directory = new DirectoryHandler();
        this.queryInfo = new QueryInfoHandler(server);
        this.setInfo = new SetInfoHandler(server);
        this.ioctl = new IoctlHandler(server);
        this.oplockBreak = new OplockBreakHandler(server);
        this.notify = server.notify;
    }

    Reply dispatch(Request req) {
        Command c = req.header.command();
        if (c == null) {
            throw new SmbException(NtStatus.NOT_SUPPORTED, "command code " + req.header.commandCode());
        }
        if (c == Command.NEGOTIATE) {
            return negotiate.handle(req);
        }
        if (!req.conn.negotiated()) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, c + " before NEGOTIATE");
        }
        switch (c) {
            case CANCEL -> {
                lock.cancel(req);
                return Reply.NONE;
            }
            case ECHO -> {
                ReservedBody.decode(req.message);
                return Reply.ok(ReservedBody.INSTANCE);
            }
            case SESSION_SETUP -> {
                return sessionSetup.handle(req);
            }
            default -> { }
        }
        requireSession(req);
        switch (c) {
            case LOGOFF -> {
                return trees.logoff(req);
            }
            case TREE_CONNECT -> {
                return trees.connect(req);
            }
            case OPLOCK_BREAK -> {
                // A lease is the client's, not a tree's: its acknowledgment needs no tree.
                if (!OplockBreakHandler.isLeaseAck(req)) {
                    requireTree(req);
                }
                return oplockBreak.handle(req);
            }
            default -> { }
        }
        requireTree(req);
        try {
            return dispatchOnTree(req, c);
        } finally {
            req.finished();
        }
    }

    private Reply dispatchOnTree(Request req, Command c) {
        return switch (c) {
            case TREE_DISCONNECT -> trees.disconnect(req);
            case CREATE -> create.handle(req);
            case CLOSE -> io.close(req);
            case FLUSH -> io.flush(req);
            case READ -> io.read(req);
            case WRITE -> io.write(req);
            case LOCK -> lock.handle(req);
            case IOCTL -> ioctl.handle(req);
            case QUERY_DIRECTORY -> directory.handle(req);
            case QUERY_INFO -> queryInfo.query(req);
            case SET_INFO -> setInfo.set(req);
            case CHANGE_NOTIFY -> notify.handle(req);
            default -> throw new SmbException(NtStatus.NOT_SUPPORTED, c + " not served");
        };
    }

    private static void requireSession(Request req) {
        boolean related = req.header.has(Smb2Header.FLAG_RELATED);
        if (related && req.session == null) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "related request after one without a session");
        }
        if (!related) {
            req.session = req.conn.sessions.get(req.header.sessionId());
        }
        Session s = req.session;
        if (s == null || !s.valid) {
            throw new SmbException(NtStatus.USER_SESSION_DELETED, "session " + req.header.sessionId());
        }
        req.responseSessionId = s.id;
        if (req.header.has(Smb2Header.FLAG_SIGNED) && !req.encrypted) {
            ByteBuffer m = req.message;
            if (!req.conn.signing.verify(s.signingKey(req.conn), m.array(), m.arrayOffset(), m.limit(),
                    req.header.command() == Command.CANCEL)) {
                throw new SmbException(NtStatus.ACCESS_DENIED, "bad signature");
            }
        } else if (!req.encrypted && s.signingRequired) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "unsigned request on a signed session");
        }
        if (s.encryptData && !req.encrypted) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "unencrypted request on an encrypted session");
        }
    }

    private static void requireTree(Request req) {
        boolean related = req.header.has(Smb2Header.FLAG_RELATED);
        if (related && req.tree == null) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "related request after one without a tree");
        }
        if (!related) {
            req.tree = req.session.trees.get(req.header.treeId());
        }
        if (req.tree == null) {
            throw new SmbException(NtStatus.NETWORK_NAME_DELETED, "tree " + req.header.treeId());
        }
        req.responseTreeId = req.tree.id();
        if (req.tree.encryptData() && !req.encrypted) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "unencrypted request on an encrypted share");
        }
    }

    /** A connection went away: its waiting requests end and its sessions' opens close. */
    void connectionLost(Connection conn) {
        conn.pending.values().forEach(p -> p.cancel().run());
        trees.connectionLost(conn);
        conn.server.breaks.leases().connectionLost(conn);
    }

    /** Whether a response must be signed whatever the request was: the final SESSION_SETUP. */
    boolean mustSign(Request req, Reply reply) {
        return req.header.command() == Command.SESSION_SETUP && reply.status() == NtStatus.SUCCESS;
    }

    /** Folds NEGOTIATE and unfinished SESSION_SETUP responses into the 3.1.1 preauthentication hash. */
    void afterEncode(Request req, Reply reply, byte[] response) {
        Command c = req.header.command();
        if (c == Command.NEGOTIATE && req.conn.is311() && reply.status() == NtStatus.SUCCESS) {
            req.conn.preauth = req.conn.preauth.fold(response, 0, response.length);
        } else if (c == Command.SESSION_SETUP && req.conn.bindings.containsKey(req.header.sessionId())) {
            sessionSetup.binder.afterEncode(req, reply, response);
        } else if (c == Command.SESSION_SETUP && req.conn.is311() && req.session != null
                && reply.status() == NtStatus.MORE_PROCESSING_REQUIRED) {
            req.session.preauth = req.session.preauth.fold(response, 0, response.length);
        }
    }
}
