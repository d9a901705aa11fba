package io.handlefs.smb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class ReceiveBuffersTest {
    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    @Test
    void aReleasedLargeBufferIsReusedOnceItsLastSliceIsReleased() {
        ReceiveBuffers buffers = new ReceiveBuffers(4);
        ByteBuf first = buffers.large(ALLOC);
        assertTrue(first.isDirect());
        assertEquals(0, first.readableBytes());
        assertEquals(ReceiveBuffers.LARGE, first.writableBytes());
        first.writeLong(0x1122334455667788L).writeZero(100);
        ByteBuf slice = first.readRetainedSlice(50);
        first.release();
        assertEquals(0, buffers.free(), "a slice still holds the memory");
        slice.release();
        assertEquals(1, buffers.free());
        ByteBuf second = buffers.large(ALLOC);
        assertEquals(0, buffers.free());
        assertEquals(0, second.readableBytes());
        assertEquals(0x1122334455667788L, second.getLong(0), "the same memory, not zeroed afresh");
        second.release();
    }

    @Test
    void atMostMaxFreeBuffersAreKept() {
        ReceiveBuffers buffers = new ReceiveBuffers(1);
        ByteBuf a = buffers.large(ALLOC);
        ByteBuf b = buffers.large(ALLOC);
        a.release();
        b.release();
        assertEquals(1, buffers.free());
    }

    @Test
    void smallGuessesComeFromTheChannelsAllocator() {
        ByteBuf small = new ReceiveBuffers(1).newHandle().allocate(ALLOC);
        assertEquals(64 * 1024, small.capacity(), "the adaptive allocator's initial guess");
        small.release();
    }
}
