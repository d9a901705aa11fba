package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@code struct fuse_init_out} (64 bytes in 7.45): the reply to INIT.
 *
 * <pre>
 *  0 u32 major               4 u32 minor
 *  8 u32 max_readahead      12 u32 flags            (low half of {@link #flags})
 * 16 u16 max_background     18 u16 congestion_threshold
 * 20 u32 max_write          24 u32 time_gran        (ns, 1..1e9)
 * 28 u16 max_pages          30 u16 map_alignment
 * 32 u32 flags2             (high half of {@link #flags}; read by the kernel only with INIT_EXT)
 * 36 u32 max_stack_depth    (7.40, with FUSE_PASSTHROUGH)
 * 40 u16 request_timeout    (7.43, seconds, with FUSE_REQUEST_TIMEOUT)
 * 42 u16 unused[11]
 * </pre>
 *
 * <p>Older kernels expect a shorter reply: {@link #encodedSize()} is 8 bytes for minor &lt; 5,
 * 24 for minor &lt; 23 and 64 otherwise, judged by this reply's own {@code minor} (the
 * negotiated one).
 *
 * @param flags {@code flags | (long) flags2 << 32}
 * @param maxBackground unsigned 16-bit
 * @param congestionThreshold unsigned 16-bit
 * @param maxPages unsigned 16-bit
 * @param mapAlignment unsigned 16-bit
 * @param requestTimeout unsigned 16-bit, seconds
 */
public record InitOut(int major, int minor, int maxReadahead, long flags, int maxBackground,
        int congestionThreshold, int maxWrite, int timeGran, int maxPages, int mapAlignment,
        int maxStackDepth, int requestTimeout) implements FuseReplyBody {

    public static final int SIZE = 64;
    public static final int COMPAT_SIZE = 8;
    public static final int COMPAT_22_SIZE = 24;

    @Override
    public int encodedSize() {
        if (minor < 5) {
            return COMPAT_SIZE;
        }
        return minor < 23 ? COMPAT_22_SIZE : SIZE;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        int size = encodedSize();
        out.putInt(major).putInt(minor);
        if (size == COMPAT_SIZE) {
            return;
        }
        out.putInt(maxReadahead).putInt((int) flags)
                .putShort((short) maxBackground).putShort((short) congestionThreshold)
                .putInt(maxWrite);
        if (size == COMPAT_22_SIZE) {
            return;
        }
        out.putInt(timeGran).putShort((short) maxPages).putShort((short) mapAlignment)
                .putInt((int) (flags >>> 32)).putInt(maxStackDepth)
                .putShort((short) requestTimeout);
        for (int i = 0; i < 11; i++) {
            out.putShort((short) 0);
        }
    }
}
