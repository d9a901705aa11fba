package io.handlefs.smb.server;

import io.handlefs.smb.crypto.PreauthHash;
import io.handlefs.smb.crypto.SigningAlgorithm;
import io.handlefs.smb.crypto.SmbCipher;
import io.handlefs.smb.mssmb2.NegotiateRequest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One transport connection, [MS-SMB2] 3.3.1.7: what NEGOTIATE settled, its sessions, its
 * credits and its asynchronous requests. Requests of one connection are served one at a time
 * on its executor; asynchronous completions are posted there too.
 */
final class Connection {
    /** An asynchronous request not answered yet; {@code cancel} answers it with STATUS_CANCELLED. */
    record Pending(Request request, Runnable cancel) {}

    final Channel channel;
    final ServerState server;
    final CreditWindow credits = new CreditWindow();
    final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    /** Sessions of other connections being bound to this one, by id (3.3.5.5.2). */
    final Map<Long, ChannelBinder.Binding> bindings = new ConcurrentHashMap<>();
    private final AtomicLong nextAsyncId = new AtomicLong(1);
    Dispatcher dispatcher;
    int dialect;
    byte[] clientGuid = new byte[16];
    int clientCapabilities;
    int clientSecurityMode;
    int serverCapabilities;
    int serverSecurityMode;
    int[] clientDialects = new int[0];
    SigningAlgorithm signing = SigningAlgorithm.HMAC_SHA256;
    SmbCipher cipher;
    PreauthHash preauth = PreauthHash.INITIAL;

    /**
     * The frame being served, while it is: Netty's (usually direct) buffer, possibly in several
     * pieces, and the array its bytes were copied into for decoding. A WRITE's data, a view of
     * that array, is written from the same bytes in the direct buffer instead of being copied
     * into direct memory once more.
     */
    private ByteBuf receivedBuf;
    private int receivedBase;
    private byte[] receivedArray;
    private ByteBuffer[] receivedData;

    /** detachedData: a lone plain WRITE's data, left out of the array (which ends where it starts). */
    void receiving(ByteBuf buf, int base, byte[] array, ByteBuffer[] detachedData) {
        receivedBuf = buf;
        receivedBase = base;
        receivedArray = array;
        receivedData = detachedData;
    }

    /** The data left out of the frame's array when message is that array's message, or null. */
    ByteBuffer[] detachedData(ByteBuffer message) {
        if (receivedData == null || !message.hasArray() || message.array() != receivedArray) {
            return null;
        }
        ByteBuffer[] views = new ByteBuffer[receivedData.length];
        for (int i = 0; i < views.length; i++) {
            views[i] = receivedData[i].duplicate();
        }
        return views;
    }

    /** The direct bytes behind a view of the frame being served, or null (decrypted, heap, none). */
    ByteBuffer[] receivedView(ByteBuffer view) {
        ByteBuf buf = receivedBuf;
        if (buf == null || !view.hasArray() || view.array() != receivedArray || !buf.isDirect()) {
            return null;
        }
        return buf.nioBuffers(receivedBase + view.arrayOffset() + view.position(), view.remaining());
    }

    Connection(Channel channel, ServerState server) {
        this.channel = channel;
        this.server = server;
    }

    boolean negotiated() {
        return dialect != 0;
    }

    boolean is3x() {
        return dialect >= NegotiateRequest.DIALECT_300;
    }

    boolean is311() {
        return dialect == NegotiateRequest.DIALECT_311;
    }

    /** Whether sessions of this connection can be encrypted at all. */
    boolean canEncrypt() {
        return cipher != null;
    }

    long newAsyncId() {
        return nextAsyncId.getAndIncrement();
    }

    /** Runs a task on this connection's executor (where its requests are served). */
    void post(Runnable task) {
        channel.pipeline().context(SmbChannelHandler.class).executor().execute(task);
    }
}
