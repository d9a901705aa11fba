package io.handlefs.smb.server;

import io.handlefs.smb.auth.Authenticator;
import io.handlefs.smb.crypto.PreauthHash;
import io.handlefs.smb.crypto.SessionKeys;
import io.handlefs.smb.mssmb2.Command;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SessionSetupRequest;
import io.handlefs.smb.mssmb2.SessionSetupResponse;
import io.handlefs.smb.mssmb2.Smb2Header;
import io.handlefs.smb.mssmb2.SmbException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * Binds an existing session to another connection, [MS-SMB2] 3.3.5.5.2 (multichannel): the
 * SESSION_SETUP carries SMB2_SESSION_FLAG_BINDING and the session's id, is signed with the
 * session's key, and authenticates the same user again; the new channel then signs with a key
 * of its own, derived from that authentication (and, in 3.1.1, from the channel's preauthentication
 * hash). Responses before the channel exists are signed with the session's key.
 */
final class ChannelBinder {
    private static final Logger log = LoggerFactory.getLogger(ChannelBinder.class);

    /** A binding in progress on one connection: its own exchange and preauthentication hash. */
    static final class Binding {
        final Authenticator authenticator;
        PreauthHash preauth;

        Binding(Authenticator authenticator, PreauthHash preauth) {
            this.authenticator = authenticator;
            this.preauth = preauth;
        }
    }

    private final ServerState server;

    ChannelBinder(ServerState server) {
        this.server = server;
    }

    Reply bind(Request req, SessionSetupRequest s) {
        Connection conn = req.conn;
        Session session = server.sessions.get(req.header.sessionId());
        if (session != null && session.valid) {
            // Errors from here on are signed with the session's key, as the client expects.
            req.session = session;
            req.responseSessionId = session.id;
        }
        if (!conn.is3x() || !server.config.multiChannel()) {
            throw new SmbException(NtStatus.REQUEST_NOT_ACCEPTED, "binding needs SMB 3 and multichannel");
        }
        if (session == null || !session.valid) {
            throw new SmbException(NtStatus.USER_SESSION_DELETED, "binding to session " + req.header.sessionId());
        }
        if (session.dialect != conn.dialect) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "binding across dialects");
        }
        if (session.channels.containsKey(conn)) {
            throw new SmbException(NtStatus.REQUEST_NOT_ACCEPTED, "session already on this connection");
        }
        ByteBuffer m = req.message;
        if (!req.header.has(Smb2Header.FLAG_SIGNED)
                || !conn.signing.verify(session.keys.signing(), m.array(), m.arrayOffset(), m.limit(), false)) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "binding request not signed with the session's key");
        }
        Binding b = conn.bindings.computeIfAbsent(session.id, id -> new Binding(
                new Authenticator(server.config.users(), server.config.serverName(), server.config.domain()),
                conn.preauth));
        if (conn.is311()) {
            b.preauth = b.preauth.fold(m.array(), m.arrayOffset(), m.limit());
        }
        Authenticator.Step step;
        try {
            step = b.authenticator.accept(s.securityBuffer());
        } catch (SmbException e) {
            conn.bindings.remove(session.id);
            throw e;
        }
        if (!step.complete()) {
            return Reply.of(NtStatus.MORE_PROCESSING_REQUIRED, new SessionSetupResponse(0, step.token()));
        }
        conn.bindings.remove(session.id);
        if (!step.logon().user().name().equals(session.userName)) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "binding as another user than the session's");
        }
        byte[] key = step.logon().sessionKey();
        byte[] channelKey = conn.is311()
                ? SessionKeys.smb311(key, b.preauth.value(), conn.cipher == null ? 128 : conn.cipher.keyBits()).signing()
                : SessionKeys.smb30(key).signing();
        session.channels.put(conn, channelKey);
        conn.sessions.put(session.id, session);
        log.info("{}: session {} bound (channel {})", conn.channel.remoteAddress(), Long.toHexString(session.id),
                session.channels.size());
        return Reply.ok(new SessionSetupResponse(0, step.token()));
    }

    /**
     * Folds an unfinished binding's response into its 3.1.1 preauthentication hash: as the client
     * receives it, signed with the session's key (the dispatcher signs after this, identically).
     */
    void afterEncode(Request req, Reply reply, byte[] response) {
        Binding b = req.conn.bindings.get(req.header.sessionId());
        if (b != null && req.header.command() == Command.SESSION_SETUP && req.conn.is311()
                && reply.status() == NtStatus.MORE_PROCESSING_REQUIRED && req.session != null) {
            byte[] signed = response.clone();
            req.conn.signing.signInPlace(req.session.keys.signing(), signed, 0, signed.length, false);
            b.preauth = b.preauth.fold(signed, 0, signed.length);
        }
    }
}
