package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.Command;
import io.handlefs.smb.mssmb2.Smb2Header;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The per-connection Netty handler: runs on a worker executor (requests block on file I/O), hands
 * each frame to the connection's dispatcher, closes idle connections and cleans up after them.
 */
final class SmbChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SmbChannelHandler.class);

    private final ServerState server;
    private final Handlers handlers;
    private final ReadLimit readLimit;
    private Connection conn;

    SmbChannelHandler(ServerState server, Handlers handlers, ReadLimit readLimit) {
        this.server = server;
        this.handlers = handlers;
        this.readLimit = readLimit;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        conn = new Connection(ctx.channel(), server);
        conn.dispatcher = new Dispatcher(conn, handlers);
        log.debug("{}: connected", ctx.channel().remoteAddress());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        int base = buf.readerIndex();
        int size = buf.readableBytes();
        try {
            // buf stays alive while the frame is served: a WRITE is written from it (Connection).
            // A lone unsigned WRITE's data is not even copied into the array the frame is decoded
            // from (no large heap array per WRITE): the array ends where the data starts.
            int head = plainWriteDataOffset(buf, base, size);
            byte[] frame = new byte[head < 0 ? size : head];
            buf.getBytes(base, frame);
            conn.receiving(buf, base, frame, head < 0 ? null : buf.nioBuffers(base + head, size - head));
            if (!conn.dispatcher.onFrame(frame)) {
                ctx.close();
            }
        } finally {
            conn.receiving(null, 0, null, null);
            ReferenceCountUtil.release(buf);
            readLimit.served(ctx, size);
        }
    }

    /**
     * Where the data of a frame starts if the frame is one plain (not encrypted, not compounded,
     * not signed) SMB2 WRITE whose data is direct memory (in one or more pieces) and runs from
     * after its fixed part to the frame's end; else -1.
     */
    static int plainWriteDataOffset(ByteBuf buf, int base, int size) {
        int fixedEnd = Smb2Header.SIZE + 48;
        if (size <= fixedEnd || !buf.isDirect()
                || buf.getIntLE(base) != Smb2Header.PROTOCOL_ID
                || buf.getUnsignedShortLE(base + 12) != Command.WRITE.code()
                || (buf.getIntLE(base + 16) & (Smb2Header.FLAG_SIGNED | Smb2Header.FLAG_RESPONSE)) != 0
                || buf.getIntLE(base + 20) != 0
                || buf.getUnsignedShortLE(base + Smb2Header.SIZE) != 49) {
            return -1;
        }
        int dataOffset = buf.getUnsignedShortLE(base + Smb2Header.SIZE + 2);
        long length = buf.getUnsignedIntLE(base + Smb2Header.SIZE + 4);
        return dataOffset >= fixedEnd && dataOffset + length == size ? dataOffset : -1;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            log.info("{}: idle, closing", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (conn != null) {
            handlers.connectionLost(conn);
        }
        log.debug("{}: disconnected", ctx.channel().remoteAddress());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            log.warn("{}: frame over the limit, closing: {}", ctx.channel().remoteAddress(), cause.getMessage());
        } else if (cause instanceof IOException) {
            log.debug("{}: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.error("{}: unexpected failure", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
