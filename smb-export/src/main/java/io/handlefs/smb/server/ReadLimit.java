package io.handlefs.smb.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds what one connection holds in memory: frames read but not yet served count against a
 * budget, and while it is spent the connection stops reading (TCP then slows the client). Runs
 * on the connection's event loop; the worker gives the budget back as it serves each frame.
 */
final class ReadLimit extends ChannelInboundHandlerAdapter {
    private final long budget;
    private final AtomicLong queued = new AtomicLong();

    ReadLimit(long budget) {
        this.budget = budget;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (queued.addAndGet(StreamedWrite.size(msg)) >= budget) {
            ctx.channel().config().setAutoRead(false);
        }
        ctx.fireChannelRead(msg);
    }

    /** A frame (or part of one) of this many bytes was served. */
    void served(ChannelHandlerContext ctx, int bytes) {
        if (queued.addAndGet(-bytes) < budget && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }
}
