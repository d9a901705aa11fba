package io.handlefs.smb.server;

import io.handlefs.smb.crypto.SigningAlgorithm;
import io.handlefs.smb.mssmb2.Command;
import io.handlefs.smb.mssmb2.ErrorResponse;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.ReadResponse;
import io.handlefs.smb.mssmb2.Smb2Header;
import io.handlefs.smb.mssmb2.SmbDecodeException;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.smb.mssmb2.TransformHeader;
import io.handlefs.smb.mssmb2.Wire;
import io.handlefs.sys.ErrnoException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Serves the frames of one connection: decrypts, splits compounds, checks credits, sessions,
 * signatures and trees, calls the command's handler, and sends back exactly one response per
 * request (none for CANCEL), signed and encrypted as the session and share require. Logs in
 * tiers: server fault = error, faulty client = warn or debug.
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int SMB1_PROTOCOL_ID = 0x424D53FF;

    private final Connection conn;
    private final Handlers handlers;

    Dispatcher(Connection conn, Handlers handlers) {
        this.conn = conn;
        this.handlers = handlers;
    }

    /** One frame (the 4-byte length already stripped). False when the connection must close. */
    boolean onFrame(byte[] frame) {
        if (frame.length < 4) {
            return false;
        }
        int protocol = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (protocol == TransformHeader.PROTOCOL_ID) {
            return onEncrypted(frame);
        }
        if (protocol == SMB1_PROTOCOL_ID) {
            return handlers.negotiate.smb1(conn, frame, this);
        }
        if (protocol != Smb2Header.PROTOCOL_ID) {
            log.warn("{}: not an SMB2 frame, closing", conn.channel.remoteAddress());
            return false;
        }
        return process(frame, null, null);
    }

    /**
     * The head of a streamed WRITE ({@link StreamedWrite}): served now, answered by
     * {@link #completeStreamed} once its data is in. False when the connection must close.
     */
    boolean onStreamedWrite(byte[] head, IncomingWrite incoming) {
        return process(head, null, incoming);
    }

    /** All the data of a streamed WRITE is in: sends its response. */
    void completeStreamed(IncomingWrite incoming) {
        Request req = incoming.request();
        Reply reply = guarded(req, incoming::reply);
        if (reply != Reply.NONE) {
            send(List.of(encode(req, reply, true)), null);
        }
    }

    private boolean onEncrypted(byte[] frame) {
        TransformHeader th;
        try {
            th = TransformHeader.decode(ByteBuffer.wrap(frame));
        } catch (SmbDecodeException e) {
            log.warn("{}: bad transform header: {}", conn.channel.remoteAddress(), e.getMessage());
            return false;
        }
        Session session = conn.sessions.get(th.sessionId());
        if (session == null || session.keys == null || !conn.canEncrypt()) {
            log.warn("{}: encrypted message for unknown session {}", conn.channel.remoteAddress(), th.sessionId());
            return false;
        }
        byte[] aad = Arrays.copyOfRange(frame, TransformHeader.AAD_OFFSET, TransformHeader.SIZE);
        byte[] sealed = new byte[th.originalMessageSize() + 16];
        System.arraycopy(frame, TransformHeader.SIZE, sealed, 0, th.originalMessageSize());
        System.arraycopy(th.signature(), 0, sealed, th.originalMessageSize(), 16);
        byte[] plain = conn.cipher.open(session.keys.decrypt(), th.nonce(), aad, sealed);
        if (plain == null) {
            log.warn("{}: encrypted message failed authentication", conn.channel.remoteAddress());
            return false;
        }
        return process(plain, session, null);
    }

    /**
     * Serves a (possibly compound) plaintext SMB2 message; encryptedBy is the session that decrypted
     * it; incoming, when not null, the data of the message (a lone WRITE) still arriving.
     */
    private boolean process(byte[] data, Session encryptedBy, IncomingWrite incoming) {
        List<Outgoing> responses = new ArrayList<>();
        Request previous = null;
        NtStatus createFailure = null;
        int off = 0;
        for (;;) {
            Smb2Header header;
            int length;
            try {
                ByteBuffer rest = ByteBuffer.wrap(data, off, data.length - off).slice();
                header = Smb2Header.decode(rest);
                length = header.nextCommand() == 0 ? data.length - off : header.nextCommand();
                if (length < Smb2Header.SIZE || length > data.length - off || (header.nextCommand() & 7) != 0) {
                    throw new SmbDecodeException(SmbDecodeException.Kind.OUT_OF_BOUNDS, "NextCommand " + header.nextCommand());
                }
            } catch (SmbDecodeException e) {
                log.warn("{}: malformed SMB2 header: {}", conn.channel.remoteAddress(), e.getMessage());
                return false;
            }
            boolean last = header.nextCommand() == 0;
            ByteBuffer message = ByteBuffer.wrap(data, off, length).slice().order(ByteOrder.LITTLE_ENDIAN);
            Request req = new Request(conn, header, message, encryptedBy != null, last);
            req.incoming = incoming;
            if (previous != null && header.has(Smb2Header.FLAG_RELATED)) {
                req.previousFileId = previous.fileIdForChain;
            }
            Reply reply;
            if (header.command() != Command.CANCEL && !conn.credits.consume(header.messageId(), header.creditCharge())) {
                log.warn("{}: message id {} outside the granted credits, closing", conn.channel.remoteAddress(),
                        header.messageId());
                return false;
            }
            if (previous == null && header.has(Smb2Header.FLAG_RELATED)) {
                reply = Reply.of(NtStatus.INVALID_PARAMETER, ErrorResponse.EMPTY);
            } else if (previous != null && header.has(Smb2Header.FLAG_RELATED) && createFailure != null) {
                // What a failed CREATE would have opened does not exist: its chain fails the same way.
                inherit(req, previous);
                reply = Reply.of(createFailure, ErrorResponse.EMPTY);
            } else {
                reply = execute(req, previous);
            }
            if (incoming != null) {
                incoming.served(req, reply);
            } else if (reply != Reply.NONE) {
                responses.add(encode(req, reply, previous == null && last));
            }
            if (!header.has(Smb2Header.FLAG_RELATED)) {
                createFailure = null;
            }
            if (header.command() == Command.CREATE && reply.status().isError()) {
                createFailure = reply.status();
            }
            previous = req;
            if (last) {
                break;
            }
            off += length;
        }
        send(responses, encryptedBy);
        return true;
    }

    private static void inherit(Request req, Request previous) {
        req.session = previous.session;
        req.tree = previous.tree;
        req.responseSessionId = previous.responseSessionId;
        req.responseTreeId = previous.responseTreeId;
    }

    private Reply execute(Request req, Request previous) {
        if (previous != null && req.header.has(Smb2Header.FLAG_RELATED)) {
            inherit(req, previous);
        }
        return guarded(req, () -> handlers.dispatch(req));
    }

    /** What serving the request answers, its failure turned into an error reply. */
    private Reply guarded(Request req, Supplier<Reply> serve) {
        try {
            return serve.get();
        } catch (SmbException e) {
            logRefusal(req, e);
            return Reply.of(e.status(), ErrorResponse.EMPTY);
        } catch (ErrnoException e) {
            log.debug("{} {}: {}", req.header.command(), req.header.messageId(), e.getMessage());
            return Reply.of(NtStatus.ofErrno(e.errno()), ErrorResponse.EMPTY);
        } catch (RuntimeException e) {
            log.error("{}: {} failed", conn.channel.remoteAddress(), req.header.command(), e);
            return Reply.of(NtStatus.INTERNAL_ERROR, ErrorResponse.EMPTY);
        }
    }

    private void logRefusal(Request req, SmbException e) {
        if (e instanceof SmbDecodeException) {
            log.warn("{}: {} undecodable: {}", conn.channel.remoteAddress(), req.header.command(), e.getMessage());
        } else {
            log.debug("{} {}: {}", req.header.command(), req.header.messageId(), e.getMessage());
        }
    }

    /**
     * A response ready to send: its bytes, and the key and algorithm to sign it with (or none); or,
     * instead of bytes, the whole frame already in a Netty buffer (a READ sent without a copy).
     */
    record Outgoing(byte[] bytes, byte[] signingKey, SigningAlgorithm algorithm, ByteBuf frame) {
        Outgoing(byte[] bytes, byte[] signingKey, SigningAlgorithm algorithm) {
            this(bytes, signingKey, algorithm, null);
        }
    }

    /** Encodes a response; alone: it is the only one of its frame (no compound). */
    Outgoing encode(Request req, Reply reply, boolean alone) {
        Smb2Header h = req.header;
        int granted = conn.credits.grant(h.credits());
        if (log.isTraceEnabled()) { // six arguments: an array and boxes per response otherwise
            log.trace("{} #{} (charge {}, asks {} credits) -> {}, {} granted", h.command(), h.messageId(),
                    h.creditCharge(), h.credits(), reply.status(), granted);
        }
        Smb2Header out = new Smb2Header(h.creditCharge(), reply.status().code(), h.commandCode(), granted,
                (h.flags() & Smb2Header.FLAG_RELATED) | Smb2Header.FLAG_RESPONSE, 0, h.messageId(), 0,
                req.responseTreeId, req.responseSessionId, new byte[16]);
        if (reply.isPending()) {
            out = out.async(reply.asyncId());
        }
        Session s = req.session;
        boolean sign = s != null && s.keys != null && !req.encrypted && !reply.isPending()
                && (h.has(Smb2Header.FLAG_SIGNED) || s.signingRequired || handlers.mustSign(req, reply));
        ByteBuf frame = reply.frame();
        byte[] bytes;
        if (frame == null) {
            bytes = encodeMessage(out, reply.isPending() ? ErrorResponse.EMPTY : reply.body(), reply.sizeHint());
        } else if (alone && !sign && !req.encrypted && reply.body() instanceof ReadResponse read) {
            // The data already sits in the frame: only the bytes in front of it are written. This
            // leaves the one-record-per-message encoding (the record encodes its fixed part only)
            // because signing and sealing need the message as one array, and a plain READ does not.
            // afterEncode only concerns NEGOTIATE and SESSION_SETUP.
            ByteBuffer head = ByteBuffer.allocate(ReadResponse.DATA_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
            out.encode(head);
            read.encodeFixed(head);
            frame.setInt(0, frame.writerIndex() - 4);
            frame.setBytes(4, head.array());
            return new Outgoing(null, null, conn.signing, frame);
        } else {
            try {
                bytes = encodeMessage(out, reply.body(), reply.sizeHint());
            } finally {
                frame.release();
            }
        }
        handlers.afterEncode(req, reply, bytes);
        return new Outgoing(bytes, sign ? s.signingKey(conn) : null, conn.signing);
    }

    /**
     * A break notification, [MS-SMB2] 3.3.4.6 and 3.3.4.7: MessageId all ones, no session or tree,
     * not signed; encrypted for the open's session when it or its share must be. May be called
     * from any thread.
     */
    void sendBreak(io.handlefs.smb.mssmb2.Smb2Body body, Session encryptFor) {
        Smb2Header out = new Smb2Header(0, NtStatus.SUCCESS.code(), Command.OPLOCK_BREAK.code(), 0,
                Smb2Header.FLAG_RESPONSE, 0, -1L, 0, 0, 0, new byte[16]);
        send(List.of(new Outgoing(encodeMessage(out, body, 128), null, conn.signing)), encryptFor);
    }

    /** The final response of an asynchronous request, sent on its own. */
    void completeAsync(Request req, long asyncId, Reply reply) {
        Smb2Header h = req.header;
        Smb2Header out = new Smb2Header(h.creditCharge(), reply.status().code(), h.commandCode(), 0,
                Smb2Header.FLAG_RESPONSE, 0, h.messageId(), 0, 0, req.responseSessionId, new byte[16]).async(asyncId);
        byte[] bytes;
        try {
            bytes = encodeMessage(out, reply.body(), reply.sizeHint());
        } finally {
            if (reply.frame() != null) {
                reply.frame().release();
            }
        }
        Session s = req.session;
        boolean sign = s != null && s.keys != null && !req.encrypted
                && (h.has(Smb2Header.FLAG_SIGNED) || s.signingRequired);
        send(List.of(new Outgoing(bytes, sign ? s.signingKey(conn) : null, conn.signing)), req.encrypted ? s : null);
    }

    static byte[] encodeMessage(Smb2Header header, io.handlefs.smb.mssmb2.Smb2Body body, int sizeHint) {
        int size = Math.max(1024, sizeHint + 256);
        for (;;) {
            ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
            try {
                header.encode(b);
                body.encode(b);
                return Arrays.copyOf(b.array(), b.position());
            } catch (BufferOverflowException e) {
                size *= 4;
            }
        }
    }

    /** Chains, signs, encrypts (when asked) and writes the responses of one frame. */
    void send(List<Outgoing> responses, Session encryptFor) {
        if (responses.isEmpty()) {
            return;
        }
        if (responses.size() == 1 && responses.get(0).frame() != null) {
            conn.channel.writeAndFlush(responses.get(0).frame());
            return;
        }
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < responses.size(); i++) {
            Outgoing o = responses.get(i);
            byte[] b = o.bytes();
            if (i + 1 < responses.size()) {
                b = Arrays.copyOf(b, Wire.align(b.length, 8));
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(20, b.length);
            }
            if (o.signingKey() != null) {
                o.algorithm().signInPlace(o.signingKey(), b, 0, b.length, false);
            }
            parts.add(b);
        }
        int total = parts.stream().mapToInt(p -> p.length).sum();
        byte[] plain = new byte[total];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, plain, at, p.length);
            at += p.length;
        }
        byte[] frame = encryptFor != null ? seal(plain, encryptFor) : plain;
        ByteBuffer lengthPrefix = ByteBuffer.allocate(4).putInt(frame.length);
        conn.channel.writeAndFlush(Unpooled.wrappedBuffer(lengthPrefix.array(), frame));
    }

    private byte[] seal(byte[] plain, Session session) {
        byte[] nonce = Arrays.copyOf(session.nextNonce(), 16);
        Arrays.fill(nonce, conn.cipher.nonceBytes(), 16, (byte) 0);
        TransformHeader th = new TransformHeader(new byte[16], nonce, plain.length, TransformHeader.FLAG_ENCRYPTED,
                session.id);
        ByteBuffer header = ByteBuffer.allocate(TransformHeader.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        th.encode(header);
        byte[] aad = Arrays.copyOfRange(header.array(), TransformHeader.AAD_OFFSET, TransformHeader.SIZE);
        byte[] sealed = conn.cipher.seal(session.keys.encrypt(), nonce, aad, plain);
        byte[] frame = new byte[TransformHeader.SIZE + plain.length];
        System.arraycopy(header.array(), 0, frame, 0, TransformHeader.SIZE);
        System.arraycopy(sealed, plain.length, frame, 4, 16);
        System.arraycopy(sealed, 0, frame, TransformHeader.SIZE, plain.length);
        return frame;
    }
}
