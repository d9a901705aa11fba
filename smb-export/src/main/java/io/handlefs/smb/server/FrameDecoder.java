package io.handlefs.smb.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;

import java.util.ArrayDeque;

/**
 * Splits the direct TCP stream, [MS-SMB2] 2.1, into messages: a 4-byte big-endian length, then
 * that many bytes. A message is handed on as the received buffers themselves, never copied: a
 * slice of one buffer when it arrived in one, else a composite of slices of the buffers it
 * arrived in (a 8 MiB WRITE arrives in many socket reads, which Netty's cumulating decoders
 * would copy into one growing buffer). A length over the limit closes the connection.
 *
 * <p>A plain WRITE ({@link PlainWrite}) of at least {@link #STREAM_MIN} bytes of data whose frame
 * has not arrived in full is handed on in parts ({@link StreamedWrite}) instead: its head as soon
 * as it is here, then each received piece of its data, so that the file is written while the rest
 * of the frame is still arriving.
 */
final class FrameDecoder extends ChannelInboundHandlerAdapter {
    private static final int PREFIX = 4;
    /** Smaller WRITEs usually arrive in one read: parts would only add work. */
    static final int STREAM_MIN = 256 * 1024;

    private final int maxFrame;
    /** Received buffers not yet handed on in full, oldest first. */
    private final ArrayDeque<ByteBuf> received = new ArrayDeque<>();
    private long receivedBytes;
    /** The length of the frame being gathered, -1 while its prefix is not read yet. */
    private int frameLength = -1;
    /** Data bytes of a streamed WRITE not handed on yet (0: none is being streamed). */
    private int streamLeft;

    FrameDecoder(int maxFrame) {
        this.maxFrame = maxFrame;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (!in.isReadable()) {
            in.release();
            return;
        }
        received.add(in);
        receivedBytes += in.readableBytes();
        for (;;) {
            if (streamLeft > 0) {
                if (receivedBytes == 0) {
                    return;
                }
                int n = (int) Math.min(streamLeft, receivedBytes);
                streamLeft -= n;
                ctx.fireChannelRead(new StreamedWrite.Data(take(ctx, n)));
                continue;
            }
            if (frameLength < 0) {
                if (receivedBytes < PREFIX) {
                    return;
                }
                long length = readPrefix();
                if (length > maxFrame) {
                    discardAll();
                    ctx.fireExceptionCaught(new TooLongFrameException("frame of " + length + " bytes, limit " + maxFrame));
                    ctx.close();
                    return;
                }
                frameLength = (int) length;
            }
            if (receivedBytes < frameLength) {
                int head = streamableHead();
                if (head < 0) {
                    return;
                }
                streamLeft = frameLength - head;
                frameLength = -1;
                ctx.fireChannelRead(new StreamedWrite.Head(take(ctx, head), streamLeft));
                continue;
            }
            ByteBuf frame = take(ctx, frameLength);
            frameLength = -1;
            ctx.fireChannelRead(frame);
        }
    }

    /** Where the data starts if the frame being gathered is a WRITE to stream, else -1. */
    private int streamableHead() {
        ByteBuf first = received.peek();
        if (first == null || first.readableBytes() < PlainWrite.FIXED_END) {
            return -1;
        }
        int head = PlainWrite.dataOffset(first, first.readerIndex(), frameLength);
        return head >= 0 && frameLength - head >= STREAM_MIN ? head : -1;
    }

    private long readPrefix() {
        long v = 0;
        for (int i = 0; i < PREFIX; i++) {
            ByteBuf first = received.peek();
            v = (v << 8) | first.readUnsignedByte();
            consumed(first, 1);
        }
        return v;
    }

    /** The next {@code length} received bytes as one buffer of their own (retained slices). */
    private ByteBuf take(ChannelHandlerContext ctx, int length) {
        ByteBuf first = received.peek();
        if (first == null || first.readableBytes() >= length) {
            ByteBuf frame = first == null ? ctx.alloc().buffer(0) : first.readRetainedSlice(length);
            if (first != null) {
                consumed(first, length);
            }
            return frame;
        }
        CompositeByteBuf frame = ctx.alloc().compositeDirectBuffer(Integer.MAX_VALUE);
        int left = length;
        while (left > 0) {
            ByteBuf b = received.peek();
            int n = Math.min(left, b.readableBytes());
            frame.addComponent(true, b.readRetainedSlice(n));
            consumed(b, n);
            left -= n;
        }
        return frame;
    }

    /** n bytes of the oldest buffer were read; it is released once read in full. */
    private void consumed(ByteBuf b, int n) {
        receivedBytes -= n;
        if (!b.isReadable()) {
            received.poll().release();
        }
    }

    private void discardAll() {
        ByteBuf b;
        while ((b = received.poll()) != null) {
            b.release();
        }
        receivedBytes = 0;
        streamLeft = 0;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        discardAll();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        discardAll();
        ctx.fireChannelInactive();
    }
}
