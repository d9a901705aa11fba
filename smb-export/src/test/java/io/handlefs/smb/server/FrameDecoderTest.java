package io.handlefs.smb.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
    private static final int LIMIT = 1 << 20;

    private static byte[] framed(byte[]... messages) {
        int total = 0;
        for (byte[] m : messages) {
            total += 4 + m.length;
        }
        ByteBuffer b = ByteBuffer.allocate(total);
        for (byte[] m : messages) {
            b.putInt(m.length).put(m);
        }
        return b.array();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Feeds the stream in pieces of the given sizes (the last piece takes the rest). */
    private static List<ByteBuf> feed(EmbeddedChannel ch, byte[] stream, int... pieces) {
        List<ByteBuf> sent = new ArrayList<>();
        int at = 0;
        for (int i = 0; at < stream.length; i++) {
            int n = i < pieces.length ? Math.min(pieces[i], stream.length - at) : stream.length - at;
            ByteBuf b = Unpooled.directBuffer(n).writeBytes(stream, at, n);
            sent.add(b);
            ch.writeInbound(b);
            at += n;
        }
        return sent;
    }

    @Test
    void aFrameInOneReadIsASliceOfIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(LIMIT));
        byte[] m = random(100, 1);
        feed(ch, framed(m));
        ByteBuf f = ch.readInbound();
        assertFalse(f instanceof CompositeByteBuf);
        assertArrayEquals(m, ByteBufUtil.getBytes(f));
        f.release();
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void aFrameOverManyReadsIsTheirBytesUncopiedAndAllAreReleased() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(LIMIT));
        byte[] big = random(300_000, 2);
        byte[] small = random(70, 3);
        // the length prefix itself split over reads, a read holding the end of one frame and the next
        List<ByteBuf> sent = feed(ch, framed(big, small, new byte[0]), 2, 1, 65536, 65536, 100_000, 69_000);
        ByteBuf f = ch.readInbound();
        assertTrue(f instanceof CompositeByteBuf);
        assertTrue(f.isDirect());
        assertTrue(f.nioBufferCount() > 1);
        assertArrayEquals(big, ByteBufUtil.getBytes(f));
        ByteBuf g = ch.readInbound();
        assertArrayEquals(small, ByteBufUtil.getBytes(g));
        ByteBuf empty = ch.readInbound();
        assertEquals(0, empty.readableBytes());
        f.release();
        g.release();
        empty.release();
        assertNull(ch.readInbound());
        for (ByteBuf b : sent) {
            assertEquals(0, b.refCnt(), "every received buffer is released once its frames are");
        }
        assertFalse(ch.finish());
    }

    @Test
    void aLengthOverTheLimitClosesTheConnection() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(LIMIT));
        ByteBuf b = Unpooled.buffer().writeInt(LIMIT + 1).writeBytes(new byte[16]);
        assertThrows(TooLongFrameException.class, () -> ch.writeInbound(b));
        assertEquals(0, b.refCnt());
        assertFalse(ch.isOpen());
        assertNull(ch.readInbound());
    }

    @Test
    void aHalfReceivedFrameIsReleasedWhenTheConnectionCloses() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(LIMIT));
        List<ByteBuf> sent = feed(ch, java.util.Arrays.copyOf(framed(random(1000, 4)), 500));
        assertNull(ch.readInbound());
        ch.close();
        for (ByteBuf b : sent) {
            assertEquals(0, b.refCnt());
        }
    }
}
