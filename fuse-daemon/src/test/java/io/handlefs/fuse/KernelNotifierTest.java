package io.handlefs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handlefs.codec.NodeId;
import io.handlefs.fuse.wire.FuseNotifyCode;
import io.handlefs.fuse.wire.FuseOutHeader;
import io.handlefs.inode.MemoryNodeTable;
import io.handlefs.lookup.Export;
import io.handlefs.lookup.ExportOptions;
import io.handlefs.sys.Sys;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The notifier's writer thread, driven through a socket in place of /dev/fuse. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class KernelNotifierTest {

    @TempDir
    Path dir;

    @Test
    void aChangeReachesTheDeviceAndCloseStopsTheIdleWriterAtOnce() throws Exception {
        int[] pair = Sys.socketpair();
        try (Export export = Export.open(dir.toString(), new ExportOptions(1, 10), new MemoryNodeTable())) {
            KernelNotifier notifier = new KernelNotifier(pair[0], export);
            try {
                notifier.attributesChanged(NodeId.ROOT);
                assertTrue(Sys.pollIn(pair[1], 10_000), "a notice within 10 s");
                ByteBuffer b = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);
                Sys.read(pair[1], b);
                b.flip();
                assertEquals(FuseOutHeader.SIZE + 24, b.getInt(0));
                assertEquals(FuseNotifyCode.INVAL_INODE.code(), b.getInt(4));
                assertEquals(NodeId.ROOT.value(), b.getLong(FuseOutHeader.SIZE));
                assertEquals(-1, b.getLong(FuseOutHeader.SIZE + 8), "attributes only");
            } finally {
                long start = System.nanoTime();
                notifier.close();
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "close does not wait out a poll");
            }
            notifier.attributesChanged(NodeId.ROOT);
            assertFalse(Sys.pollIn(pair[1], 100), "nothing is sent after close");
        } finally {
            Sys.close(pair[0]);
            Sys.close(pair[1]);
        }
    }
}
