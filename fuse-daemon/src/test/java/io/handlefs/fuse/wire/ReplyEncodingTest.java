package io.handlefs.fuse.wire;

import static io.handlefs.fuse.wire.WireBytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Golden vectors (generated with Python struct.pack from fuse.h 7.45 layouts). */
class ReplyEncodingTest {

    static final Attr ATTR = new Attr(2, 100, 8, 1, 2, 3, 4, 5, 6, 0100644, 1, 1000, 1000, 0,
            4096, 0);

    static final String ATTR_HEX = "020000000000000064000000000000000800000000000000"
            + "010000000000000002000000000000000300000000000000040000000500000006000000"
            + "a481000001000000e8030000e8030000000000000010000000000000";

    static final String ENTRY_REPLY = "90000000000000004d00000000000000"
            + "0200000000000000030000000000000001000000000000000100000000000000f401000058020000"
            + ATTR_HEX;

    static final String ATTR_REPLY = "78000000000000004e00000000000000"
            + "0100000000000000f401000000000000" + ATTR_HEX;

    static final String INIT_OUT = "070000002d000000000002001100404000000000000010000100000000010000"
            + "2000000001000000000000000000000000000000000000000000000000000000";

    private ByteBuffer out;

    @BeforeEach
    void buffer() {
        out = ByteBuffer.allocateDirect(1 << 16);
    }

    @Test
    void sizes() {
        assertEquals(40, FuseInHeader.SIZE);
        assertEquals(16, FuseOutHeader.SIZE);
        assertEquals(88, Attr.SIZE);
        assertEquals(128, EntryOut.SIZE);
        assertEquals(104, AttrOut.SIZE);
        assertEquals(16, OpenOut.SIZE);
        assertEquals(144, CreateOut.SIZE);
        assertEquals(8, WriteOut.SIZE);
        assertEquals(80, StatfsOut.SIZE);
        assertEquals(8, GetxattrOut.SIZE);
        assertEquals(24, LkOut.SIZE);
        assertEquals(8, LseekOut.SIZE);
        assertEquals(8, CopyFileRangeOut.SIZE);
        assertEquals(64, InitOut.SIZE);
        assertEquals(256, StatxAttr.SIZE);
        assertEquals(288, StatxOut.SIZE);
    }

    private int encodedLength(FuseReplyBody body) {
        ByteBuffer b = ByteBuffer.allocate(1024);
        body.encode(b);
        assertEquals(body.encodedSize(), b.position(), body.getClass().getSimpleName());
        return b.position();
    }

    @Test
    void everyBodyWritesItsSize() {
        EntryOut e = new EntryOut(2, 3, 1, 1, 0, 0, ATTR);
        OpenOut o = new OpenOut(7, OpenOut.FOPEN_KEEP_CACHE, 0);
        StatxAttr sx = new StatxAttr(0x7ff, 4096, 0, 1, 0, 0, 040755, 2, 4096, 8, 0,
                1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 8, 1);
        assertEquals(88, encodedLength(ATTR));
        assertEquals(128, encodedLength(e));
        assertEquals(104, encodedLength(new AttrOut(1, 0, ATTR)));
        assertEquals(16, encodedLength(o));
        assertEquals(144, encodedLength(new CreateOut(e, o)));
        assertEquals(8, encodedLength(new WriteOut(4096)));
        assertEquals(80, encodedLength(new StatfsOut(1, 2, 3, 4, 5, 4096, 255, 4096)));
        assertEquals(8, encodedLength(new GetxattrOut(12)));
        assertEquals(24, encodedLength(new LkOut(0, -1, 1, 77)));
        assertEquals(8, encodedLength(new LseekOut(12345)));
        assertEquals(8, encodedLength(new CopyFileRangeOut(1L << 33)));
        assertEquals(288, encodedLength(new StatxOut(1, 0, 0, sx)));
        assertEquals(64, encodedLength(new InitOut(7, 45, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0)));
    }

    @Test
    void entryReplyGolden() throws Exception {
        EntryOut e = new EntryOut(2, 3, 1, 1, 500, 600, ATTR);
        int n = FuseReplies.reply(out, 77, e);
        assertEquals(144, n);
        assertEquals(0, out.position());
        assertEquals(144, out.limit());
        assertEquals(ENTRY_REPLY, hex(out));
        out.position(16);
        assertEquals(e, EntryOut.decode(out));
    }

    @Test
    void attrReplyGolden() {
        int n = FuseReplies.reply(out, 78, new AttrOut(1, 500, ATTR));
        assertEquals(120, n);
        assertEquals(ATTR_REPLY, hex(out));
    }

    @Test
    void initOutGolden() {
        long flags = InitFlags.ASYNC_READ | InitFlags.EXPORT_SUPPORT | InitFlags.MAX_PAGES
                | InitFlags.INIT_EXT | InitFlags.PASSTHROUGH;
        InitOut io = new InitOut(7, 45, 131072, flags, 0, 0, 1 << 20, 1, 256, 0, 1, 0);
        ByteBuffer b = ByteBuffer.allocate(64);
        io.encode(b);
        assertEquals(64, b.position());
        assertEquals(INIT_OUT, hex(b.flip()));
    }

    @Test
    void initOutRequestTimeoutAndMaxStackDepthOffsets() {
        InitOut io = new InitOut(7, 45, 0, 0, 0xFFFF, 0x1234, 0, 1, 0xFFFF, 0, 2, 0xABCD);
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        io.encode(b);
        assertEquals((short) 0xFFFF, b.getShort(16));
        assertEquals((short) 0x1234, b.getShort(18));
        assertEquals((short) 0xFFFF, b.getShort(28));
        assertEquals(2, b.getInt(36));
        assertEquals((short) 0xABCD, b.getShort(40));
    }

    @Test
    void initOutCompatSizes() {
        assertEquals(8, new InitOut(7, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).encodedSize());
        assertEquals(24, new InitOut(7, 22, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).encodedSize());
        assertEquals(64, new InitOut(7, 23, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).encodedSize());
        assertEquals(24, encodedLength(new InitOut(7, 22, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)));
        assertEquals(8, encodedLength(new InitOut(7, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)));
    }

    @Test
    void errorReply() {
        int n = FuseReplies.error(out, 0x1122334455667788L, 2);
        assertEquals(16, n);
        assertEquals("10000000feffffff8877665544332211", hex(out));
        assertThrows(IllegalArgumentException.class, () -> FuseReplies.error(out, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> FuseReplies.error(out, 1, -2));
    }

    @Test
    void emptyReply() {
        assertEquals(16, FuseReplies.empty(out, 5));
        assertEquals("10000000000000000500000000000000", hex(out));
    }

    @Test
    void finishWithAbsoluteBody() {
        FuseReplies.begin(out);
        for (int i = 0; i < 10; i++) {
            out.put(16 + i, (byte) i); // as a positional read(2) into the buffer would
        }
        int n = FuseReplies.finish(out, 9, 10);
        assertEquals(26, n);
        assertEquals("1a000000000000000900000000000000" + "00010203040506070809", hex(out));
    }

    @Test
    void dataAndStringReplies() {
        FuseReplies.data(out, 3, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertEquals("13000000000000000300000000000000010203", hex(out));
        FuseReplies.string(out, 4, "a\u00ff");
        assertEquals("12000000000000000400000000000000" + "61ff", hex(out));
    }

    @Test
    void openAndStatfsLayouts() {
        ByteBuffer b = ByteBuffer.allocate(100).order(ByteOrder.LITTLE_ENDIAN);
        new OpenOut(0x0102030405060708L, OpenOut.FOPEN_PASSTHROUGH, -5).encode(b);
        assertEquals("0807060504030201" + "80000000" + "fbffffff", hex(b.flip()));
        assertEquals(1 << 7, OpenOut.FOPEN_PASSTHROUGH);
        assertEquals(1 << 6, OpenOut.FOPEN_PARALLEL_DIRECT_WRITES);
        b.clear();
        new StatfsOut(1, 2, 3, 4, 5, 6, 7, 8).encode(b);
        b.flip();
        assertEquals(6, b.getInt(40));
        assertEquals(7, b.getInt(44));
        assertEquals(8, b.getInt(48));
        assertEquals(5, b.getLong(32));
    }

    @Test
    void statxLayout() {
        StatxAttr sx = new StatxAttr(0x7ff, 4096, 0x20, 3, 1000, 1001, 0100644, 99, 12345, 24,
                0x20, 11, 12, 21, 22, 31, 32, 41, 42, 5, 6, 259, 1);
        ByteBuffer b = ByteBuffer.allocate(300).order(ByteOrder.LITTLE_ENDIAN);
        new StatxOut(3, 4, 0, sx).encode(b);
        int s = 32;
        assertEquals(3, b.getLong(0));
        assertEquals(4, b.getInt(8));
        assertEquals(0x7ff, b.getInt(s));
        assertEquals(4096, b.getInt(s + 4));
        assertEquals(0x20, b.getLong(s + 8));
        assertEquals(3, b.getInt(s + 16));
        assertEquals(1000, b.getInt(s + 20));
        assertEquals(1001, b.getInt(s + 24));
        assertEquals((short) 0100644, b.getShort(s + 28));
        assertEquals(99, b.getLong(s + 32));
        assertEquals(12345, b.getLong(s + 40));
        assertEquals(24, b.getLong(s + 48));
        assertEquals(11, b.getLong(s + 64));
        assertEquals(12, b.getInt(s + 72));
        assertEquals(21, b.getLong(s + 80));
        assertEquals(31, b.getLong(s + 96));
        assertEquals(41, b.getLong(s + 112));
        assertEquals(42, b.getInt(s + 120));
        assertEquals(5, b.getInt(s + 128));
        assertEquals(6, b.getInt(s + 132));
        assertEquals(259, b.getInt(s + 136));
        assertEquals(1, b.getInt(s + 140));
    }

    @Test
    void notifications() throws Exception {
        int n = FuseNotify.invalInode(out, 7, 0, -1);
        assertEquals(40, n);
        assertEquals("28000000020000000000000000000000" + "0700000000000000"
                + "0000000000000000" + "ffffffffffffffff", hex(out));

        n = FuseNotify.invalEntry(out, 1, "ab", FuseNotify.FUSE_EXPIRE_ONLY);
        assertEquals(16 + 16 + 3, n);
        assertEquals("23000000030000000000000000000000" + "0100000000000000" + "02000000"
                + "01000000" + "616200", hex(out));

        n = FuseNotify.delete(out, 1, 9, "x");
        assertEquals(16 + 24 + 2, n);
        assertEquals("2a000000060000000000000000000000" + "0100000000000000"
                + "0900000000000000" + "01000000" + "00000000" + "7800", hex(out));

        assertEquals(16, FuseNotify.incEpoch(out));
        FuseOutHeader h = FuseOutHeader.decode(out);
        assertEquals(new FuseOutHeader(16, 8, 0), h);

        assertThrows(IllegalArgumentException.class, () -> FuseNotify.delete(out, 1, 2, ""));
        assertThrows(IllegalArgumentException.class,
                () -> FuseNotify.invalEntry(out, 1, "z".repeat(256), 0));
    }
}
