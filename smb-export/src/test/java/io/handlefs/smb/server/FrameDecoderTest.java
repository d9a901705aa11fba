package io.handlefs.smb.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handlefs.smb.mssmb2.Command;
import io.handlefs.smb.mssmb2.FileId;
import io.handlefs.smb.mssmb2.Smb2Header;
import io.handlefs.smb.mssmb2.WriteRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    /** A lone WRITE message of the given data, flags in its header (0: plain). */
    private static byte[] write(byte[] data, int flags) {
        ByteBuffer b = ByteBuffer.allocate(PlainWrite.FIXED_END + data.length).order(ByteOrder.LITTLE_ENDIAN);
        new Smb2Header(1, 0, Command.WRITE.code(), 1, flags, 0, 5, 0, 0, 0, new byte[16]).encode(b);
        new WriteRequest(0, FileId.NONE, 0, ByteBuffer.wrap(data)).encode(b);
        return b.array();
    }

    @Test
    void aLargeWriteStillArrivingIsHandedOnAsItsHeadThenItsDataPieceByPiece() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(LIMIT));
        byte[] data = random(FrameDecoder.STREAM_MIN + 1000, 5);
        byte[] message = write(data, 0);
        byte[] after = random(90, 6);
        List<ByteBuf> sent = feed(ch, framed(message, after), 200, 100_000, 50_000, 150_000);
        StreamedWrite.Head head = ch.readInbound();
        assertEquals(data.length, head.dataLength());
        assertArrayEquals(java.util.Arrays.copyOf(message, PlainWrite.FIXED_END), ByteBufUtil.getBytes(head.bytes()));
        head.bytes().release();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int pieces = 0;
        while (got.size() < data.length) {
            StreamedWrite.Data piece = ch.readInbound();
            assertTrue(piece.bytes().isDirect());
            got.writeBytes(ByteBufUtil.getBytes(piece.bytes()));
            piece.bytes().release();
            pieces++;
        }
        assertEquals(4, pieces, "one piece per read that brought data");
        assertArrayEquals(data, got.toByteArray());
        ByteBuf next = ch.readInbound();
        assertArrayEquals(after, ByteBufUtil.getBytes(next), "the frame after the WRITE is whole again");
        next.release();
        assertNull(ch.readInbound());
        for (ByteBuf b : sent) {
            assertEquals(0, b.refCnt());
        }
        assertFalse(ch.finish());
    }

    @Test
    void writesArrivedWholeSmallOrSignedAreWholeFrames() {
        byte[][] messages = {
            write(random(FrameDecoder.STREAM_MIN, 7), 0),
            write(random(FrameDecoder.STREAM_MIN - 1, 8), 0),
            write(random(FrameDecoder.STREAM_MIN, 9), Smb2Header.FLAG_SIGNED),
        };
        int[][] feeds = {{Integer.MAX_VALUE}, {200}, {200}};
        for (int i = 0; i < messages.length; i++) {
            EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(LIMIT));
            feed(ch, framed(messages[i]), feeds[i]);
            ByteBuf f = ch.readInbound();
            assertArrayEquals(messages[i], ByteBufUtil.getBytes(f), "message " + i);
            f.release();
            assertNull(ch.readInbound());
            assertFalse(ch.finish());
        }
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
