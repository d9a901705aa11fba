package io.handlefs.fuse.wire;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RingMessagesTest {
    private static final int PAYLOAD = 4096;

    /** An entry as the kernel fills it: in_header, op_in, payload; len covers all three. */
    private static ByteBuffer header(int len, int opcode, long unique, byte[] opIn, int payloadSize) {
        ByteBuffer h = RingMessages.newHeader();
        h.putInt(0, len).putInt(4, opcode).putLong(8, unique).putLong(16, 1);
        h.put(128, opIn);
        h.putLong(264, unique).putInt(272, payloadSize);
        return h;
    }

    private static ByteBuffer memory() {
        return ByteBuffer.allocateDirect(RingMessages.GAP + PAYLOAD).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void assemblesARequestAsDevFuseSendsIt() throws Exception {
        byte[] opIn = {1, 2, 3, 4, 5, 6, 7, 8};
        ByteBuffer h = header(40 + 8 + 6, 35, 77, opIn, 6);
        ByteBuffer mem = memory();
        mem.put(RingMessages.GAP, "name\0\0".getBytes(), 0, 6);
        int start = RingMessages.assemble(h, mem, PAYLOAD);
        assertEquals(RingMessages.GAP - 48, start);
        ByteBuffer in = mem.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(start).limit(RingMessages.GAP + 6);
        assertEquals(54, in.getInt(start));
        assertEquals(77, in.getLong(start + 8));
        assertEquals(5, in.get(start + 44));
        assertEquals('n', in.get(start + 48));
        assertEquals(77, RingMessages.commitId(h));
        assertEquals(6, RingMessages.payloadSize(h));
    }

    @Test
    void emptyOpInIsAllowed() throws Exception {
        ByteBuffer h = header(40 + 5, 1, 9, new byte[0], 5);
        assertEquals(RingMessages.GAP - 40, RingMessages.assemble(h, memory(), PAYLOAD));
    }

    @Test
    void lengthsThatDisagreeAreRefusedWithTheHeader() {
        // len shorter than header + payload (op_in would be negative)
        FuseDecodeException e = assertThrows(FuseDecodeException.class,
                () -> RingMessages.assemble(header(40, 3, 5, new byte[0], 10), memory(), PAYLOAD));
        assertEquals(FuseDecodeException.Reason.BAD_LENGTH, e.reason());
        assertEquals(5, e.header().unique());
        // op_in larger than its 128 bytes
        assertThrows(FuseDecodeException.class,
                () -> RingMessages.assemble(header(40 + 129, 3, 5, new byte[0], 0), memory(), PAYLOAD));
        // payload larger than the entry's buffer
        assertThrows(FuseDecodeException.class,
                () -> RingMessages.assemble(header(40 + PAYLOAD + 1, 3, 5, new byte[0], PAYLOAD + 1), memory(), PAYLOAD));
        // hostile: len and payload_sz near 2^32
        assertThrows(FuseDecodeException.class,
                () -> RingMessages.assemble(header(-1, 3, 5, new byte[0], -2), memory(), PAYLOAD));
        assertThrows(FuseDecodeException.class,
                () -> RingMessages.assemble(header(-1, 3, 5, new byte[0], 0), memory(), PAYLOAD));
    }

    @Test
    void placesAReplyHeaderAndArguments() {
        ByteBuffer out = ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN);
        int len = FuseReplies.error(out, 42, 2);
        ByteBuffer h = RingMessages.newHeader();
        ByteBuffer mem = memory();
        RingMessages.placeReply(out, len, h, mem);
        assertEquals(-2, h.getInt(4));
        assertEquals(42, h.getLong(8));
        assertEquals(0, RingMessages.payloadSize(h));

        out.clear();
        len = FuseReplies.reply(out, 43, new WriteOut(4096));
        RingMessages.placeReply(out, len, h, mem);
        assertEquals(43, h.getLong(8));
        assertEquals(len - 16, RingMessages.payloadSize(h));
        assertEquals(4096, mem.getInt(RingMessages.GAP));
    }
}
