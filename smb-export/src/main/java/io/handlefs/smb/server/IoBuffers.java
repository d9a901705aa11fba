package io.handlefs.smb.server;

import java.nio.ByteBuffer;

/**
 * Per-thread direct buffers for READ and WRITE data: the syscall layer reads and writes only
 * direct memory, and allocating that per request is slow. A worker keeps the largest it needed.
 */
final class IoBuffers {
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(64 * 1024));

    private IoBuffers() {}

    /** A cleared direct buffer limited to {@code size} bytes, valid until the thread's next call. */
    static ByteBuffer direct(int size) {
        ByteBuffer b = SCRATCH.get();
        if (b.capacity() < size) {
            b = ByteBuffer.allocateDirect(size);
            SCRATCH.set(b);
        }
        b.clear().limit(size);
        return b;
    }
}
