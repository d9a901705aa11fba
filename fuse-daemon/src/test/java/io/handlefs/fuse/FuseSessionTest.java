package io.handlefs.fuse;

import static io.handlefs.fuse.wire.FuseOpcode.GETATTR;
import static io.handlefs.fuse.wire.FuseOpcode.INIT;
import static io.handlefs.fuse.wire.FuseOpcode.LOOKUP;
import static io.handlefs.fuse.wire.FuseOpcode.MKDIR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handlefs.fuse.wire.FuseInHeader;
import io.handlefs.fuse.wire.FuseOpcode;
import io.handlefs.fuse.wire.FuseOutHeader;
import io.handlefs.inode.MemoryNodeTable;
import io.handlefs.lookup.Export;
import io.handlefs.lookup.ExportOptions;
import io.handlefs.sys.Errno;
import io.handlefs.sys.Sys;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session driven through a socket in place of /dev/fuse, so that the test can send what no
 * kernel would: every bad request gets an errno reply for its own unique, and the worker goes on
 * serving good requests afterwards.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FuseSessionTest {

    @TempDir
    Path dir;
    private int[] pair;
    private Kernel kernel;
    private FuseSession session;

    @BeforeEach
    void start() throws Exception {
        pair = Sys.socketpair();
        MountOptions options = MountOptions.defaults().with("workers=1");
        kernel = Kernel.of(Export.open(dir.toString(), new ExportOptions(1, 10), new MemoryNodeTable()), options);
        session = new FuseSession(pair[0], kernel, options);
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> session.start(10, TimeUnit.SECONDS));
        send(request(INIT, 1, 0, le(64).putInt(7).putInt(45).putInt(1 << 20).putInt(0).position(64)));
        ByteBuffer initReply = receive();
        assertEquals(0, initReply.getInt(4), "INIT accepted");
        started.get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        Sys.close(pair[1]); // the worker reads end of file and stops
        assertTrue(session.awaitWorkers(10, TimeUnit.SECONDS), "the worker stops when the channel closes");
        Sys.close(pair[0]);
        kernel.close();
    }

    @Test
    void badRequestsGetErrnoRepliesAndTheWorkerServesOn() {
        assertReply(request(GETATTR, 10, 999_999, le(16).position(16)), 10, Errno.ESTALE);
        assertReply(request(9_999, 11, 1, le(0)), 11, Errno.ENOSYS);
        assertReply(request(MKDIR, 12, 1, le(12).putInt(0755).putInt(0).put(name("a/b"))), 12, Errno.EINVAL);
        assertReply(request(LOOKUP, 13, 1, le(3).put("abc".getBytes(StandardCharsets.US_ASCII))), 13, Errno.EINVAL);
        assertReply(request(LOOKUP, 14, 1, le(5).put(name("../"))), 14, Errno.EINVAL);
        ByteBuffer lying = request(GETATTR, 15, 1, le(16).position(16));
        lying.putInt(0, 4096); // the header claims more bytes than arrived
        assertReply(lying, 15, Errno.EINVAL);

        send(request(GETATTR, 16, 1, le(16).position(16)));
        ByteBuffer ok = receive();
        assertEquals(16, ok.getLong(8));
        assertEquals(0, ok.getInt(4), "the worker still serves good requests");
        assertEquals(FuseOutHeader.SIZE + 104, ok.getInt(0), "fuse_attr_out follows the header");
    }

    private void assertReply(ByteBuffer request, long unique, Errno expected) {
        send(request);
        ByteBuffer reply = receive();
        assertEquals(unique, reply.getLong(8), "the reply answers the request it belongs to");
        assertEquals(-expected.code(), reply.getInt(4), "errno of request " + unique);
        assertEquals(FuseOutHeader.SIZE, reply.getInt(0));
    }

    private static byte[] name(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_8);
    }

    private static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer request(FuseOpcode op, long unique, long nodeId, ByteBuffer body) {
        return request(op.code(), unique, nodeId, body);
    }

    private static ByteBuffer request(int opcode, long unique, long nodeId, ByteBuffer body) {
        body.flip();
        int len = FuseInHeader.SIZE + body.remaining();
        ByteBuffer b = ByteBuffer.allocateDirect(len).order(ByteOrder.LITTLE_ENDIAN);
        new FuseInHeader(len, opcode, unique, nodeId, 0, 0, 0, 0, 0).encode(b);
        b.put(body).flip();
        return b;
    }

    private void send(ByteBuffer request) {
        Sys.write(pair[1], request);
    }

    /** One reply; small messages on a local socket arrive whole. */
    private ByteBuffer receive() {
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        assertTrue(Sys.pollIn(pair[1], 10_000), "a reply within 10 s");
        Sys.read(pair[1], b);
        return b.flip();
    }
}
