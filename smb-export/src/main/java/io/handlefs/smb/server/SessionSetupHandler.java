package io.handlefs.smb.server;

import io.handlefs.lookup.Credentials;
import io.handlefs.smb.auth.Authenticator;
import io.handlefs.smb.auth.NtlmServer;
import io.handlefs.smb.crypto.SessionKeys;
import io.handlefs.smb.mssmb2.NegotiateResponse;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SessionSetupRequest;
import io.handlefs.smb.mssmb2.SessionSetupResponse;
import io.handlefs.smb.mssmb2.SmbException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * SESSION_SETUP, [MS-SMB2] 3.3.5.5: runs the SPNEGO/NTLMv2 exchange, then derives the session's
 * keys for the connection's dialect and maps the user to the Unix credentials its requests run
 * with. A failed logon removes the session. On a valid session it reauthenticates (3.3.5.5.3:
 * the keys stay; a failure ends the session); with the binding flag it adds a channel
 * ({@link ChannelBinder}); a PreviousSessionId of the same user ends that older session.
 */
final class SessionSetupHandler {
    private static final Logger log = LoggerFactory.getLogger(SessionSetupHandler.class);

    private final ServerState server;
    private final TreeHandler trees;
    final ChannelBinder binder;

    SessionSetupHandler(ServerState server, TreeHandler trees) {
        this.server = server;
        this.trees = trees;
        this.binder = new ChannelBinder(server);
    }

    Reply handle(Request req) {
        Connection conn = req.conn;
        SessionSetupRequest s = SessionSetupRequest.decode(req.message);
        if ((s.flags() & SessionSetupRequest.FLAG_BINDING) != 0) {
            return binder.bind(req, s);
        }
        Session session;
        if (req.header.sessionId() == 0) {
            if (conn.sessions.size() >= ServerState.MAX_SESSIONS_PER_CONNECTION) {
                throw new SmbException(NtStatus.INSUFFICIENT_RESOURCES, "too many sessions on one connection");
            }
            session = new Session(server.newSessionId(), conn.preauth);
            conn.sessions.put(session.id, session);
            server.sessions.put(session.id, session);
        } else {
            session = conn.sessions.get(req.header.sessionId());
            if (session == null) {
                throw new SmbException(NtStatus.USER_SESSION_DELETED, "session " + req.header.sessionId());
            }
            if (session.authenticator == null) {
                session.preauth = conn.preauth;
            }
        }
        if (session.authenticator == null) {
            session.authenticator = new Authenticator(server.config.users(), server.config.serverName(),
                    server.config.domain());
        }
        req.session = session;
        req.responseSessionId = session.id;
        if (conn.is311()) {
            ByteBuffer m = req.message;
            session.preauth = session.preauth.fold(m.array(), m.arrayOffset(), m.limit());
        }
        Authenticator.Step step;
        try {
            step = session.authenticator.accept(s.securityBuffer());
        } catch (SmbException e) {
            session.authenticator = null;
            if (session.valid) {
                trees.endSession(session);
            } else {
                conn.sessions.remove(session.id);
                server.sessions.remove(session.id);
            }
            log.info("{}: logon refused: {}", conn.channel.remoteAddress(), e.getMessage());
            throw e;
        }
        if (!step.complete()) {
            return Reply.of(NtStatus.MORE_PROCESSING_REQUIRED, new SessionSetupResponse(0, step.token()));
        }
        return complete(conn, session, s, step.logon(), step.token());
    }

    private Reply complete(Connection conn, Session session, SessionSetupRequest s, NtlmServer.Result logon,
                           byte[] token) {
        if (session.valid) {
            return reauthenticated(conn, session, logon, token);
        }
        byte[] key = logon.sessionKey();
        if (conn.is311()) {
            int bits = conn.cipher == null ? 128 : conn.cipher.keyBits();
            session.keys = SessionKeys.smb311(key, session.preauth.value(), bits);
        } else if (conn.is3x()) {
            session.keys = SessionKeys.smb30(key);
        } else {
            session.keys = SessionKeys.smb2(key);
        }
        session.userName = logon.user().name();
        session.credentials = new Credentials(logon.user().uid(), logon.user().gid(), new int[0]);
        session.signingRequired = server.config.signingRequired()
                || (s.securityMode() & NegotiateResponse.SIGNING_REQUIRED) != 0;
        session.encryptData = server.config.encryptSessions() && conn.canEncrypt();
        session.authenticator = null;
        session.dialect = conn.dialect;
        session.channels.put(conn, session.keys.signing());
        session.valid = true;
        endPrevious(conn, session, s.previousSessionId());
        log.info("{}: {} logged on as uid {} (session {})", conn.channel.remoteAddress(), session.userName,
                logon.user().uid(), Long.toHexString(session.id));
        int flags = session.encryptData ? SessionSetupResponse.FLAG_ENCRYPT_DATA : 0;
        return Reply.ok(new SessionSetupResponse(flags, token));
    }

    /** Reauthentication keeps the session's keys and opens; the user it now runs as is the new logon's. */
    private Reply reauthenticated(Connection conn, Session session, NtlmServer.Result logon, byte[] token) {
        session.authenticator = null;
        session.userName = logon.user().name();
        session.credentials = new Credentials(logon.user().uid(), logon.user().gid(), new int[0]);
        log.info("{}: session {} reauthenticated as {}", conn.channel.remoteAddress(), Long.toHexString(session.id),
                session.userName);
        return Reply.ok(new SessionSetupResponse(session.encryptData ? SessionSetupResponse.FLAG_ENCRYPT_DATA : 0, token));
    }

    /**
     * A client that lost its connection names its old session (3.3.5.5.3): when the same user
     * owns it, it ends, and its opens with it.
     */
    private void endPrevious(Connection conn, Session session, long previousId) {
        if (previousId == 0 || previousId == session.id) {
            return;
        }
        Session previous = server.sessions.get(previousId);
        if (previous == null || !previous.valid || !session.userName.equals(previous.userName)) {
            return;
        }
        // Refused at once; its opens are closed on the executor of a connection it is still on,
        // where its requests are served, so that none is closed under a request in progress.
        previous.valid = false;
        Connection owner = previous.channels.keySet().stream().findFirst().orElse(null);
        if (owner == null || owner == conn || !owner.channel.isActive()) {
            trees.abandonSession(previous);
        } else {
            owner.post(() -> trees.abandonSession(previous));
        }
    }
}
