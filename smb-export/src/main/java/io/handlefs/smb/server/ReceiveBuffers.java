package io.handlefs.smb.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.MaxMessagesRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * What connections read their sockets into: buffers sized as Netty's adaptive allocator guesses
 * (512 B to 1 MiB), the large ones (a bulk transfer's) taken from a shared free list and given
 * back to it when released. Netty's pool unmaps a 4 MiB chunk as soon as it is empty, so during a
 * put every few MiB received were mapped, zeroed and faulted in afresh: about as much CPU as
 * writing them to the page cache.
 */
final class ReceiveBuffers implements MaxMessagesRecvByteBufAllocator {
    static final int LARGE = 1024 * 1024;

    private final AdaptiveRecvByteBufAllocator sizes = new AdaptiveRecvByteBufAllocator(512, 64 * 1024, LARGE);
    private final Queue<ByteBuffer> free;

    /** maxFree: how many released large buffers are kept for reuse (the rest are freed). */
    ReceiveBuffers(int maxFree) {
        free = new ArrayBlockingQueue<>(maxFree);
    }

    @Override
    public Handle newHandle() {
        return new DelegatingHandle(sizes.newHandle()) {
            @Override
            public ByteBuf allocate(ByteBufAllocator alloc) {
                int size = guess();
                return size >= LARGE / 4 ? large(alloc) : alloc.ioBuffer(size);
            }
        };
    }

    /** A cleared {@link #LARGE} buffer: a released one when there is one. */
    ByteBuf large(ByteBufAllocator alloc) {
        ByteBuffer memory = free.poll();
        return new Reused(alloc, memory != null ? memory.clear() : ByteBuffer.allocateDirect(LARGE)).clear();
    }

    /** How many released large buffers wait for reuse. */
    int free() {
        return free.size();
    }

    @Override
    public int maxMessagesPerRead() {
        return sizes.maxMessagesPerRead();
    }

    @Override
    public MaxMessagesRecvByteBufAllocator maxMessagesPerRead(int maxMessagesPerRead) {
        sizes.maxMessagesPerRead(maxMessagesPerRead);
        return this;
    }

    /**
     * A large buffer whose memory goes back to the free list when the last reference is released
     * (or, the list being full, to the garbage collector, as any unpooled direct buffer's).
     */
    private final class Reused extends UnpooledDirectByteBuf {
        private final ByteBuffer memory;

        Reused(ByteBufAllocator alloc, ByteBuffer memory) {
            super(alloc, memory, memory.capacity());
            this.memory = memory;
        }

        @Override
        protected void deallocate() {
            super.deallocate();
            free.offer(memory);
        }
    }
}
