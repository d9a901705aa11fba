package io.handlefs.fuse;

import io.handlefs.fuse.wire.DecodedRequest;
import io.handlefs.fuse.wire.FuseDecodeException;
import io.handlefs.fuse.wire.FuseInHeader;
import io.handlefs.fuse.wire.FuseOpcode;
import io.handlefs.fuse.wire.FuseRequest;
import io.handlefs.fuse.wire.FuseRequestDecoder;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Sys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Requests spliced through a worker's pipe. A file stands in for /dev/fuse: splice(2) reads it the
 * same way, a request at a time when each read asks for no more than one request's bytes.
 */
class SplicedRequestsTest {
    private static final int PIPE = 1 << 20;

    @TempDir
    Path dir;
    private SplicedRequests pipe;
    private int source = -1;
    private final ByteBuffer in = ByteBuffer.allocateDirect(PIPE);

    @BeforeEach
    void openPipe() {
        pipe = SplicedRequests.open(SplicedRequests.pipeBytes(PIPE));
    }

    @AfterEach
    void close() {
        pipe.close();
        if (source >= 0) {
            Sys.close(source);
        }
    }

    @Test
    void aPipeHoldsAWriteAsBigAsItAllowsAndAPageForTheHead() {
        assertEquals(PIPE, SplicedRequests.pipeBytes(PIPE), "fs.pipe-max-size allows 1 MiB to anyone");
        assertEquals(PIPE - 4096, SplicedRequests.largestWrite(PIPE));
        assertEquals(0, SplicedRequests.largestWrite(4096));
        assertEquals(0, SplicedRequests.largestWrite(0));
    }

    @Test
    void theDataOfABigWriteWaitsInThePipeAndGoesStraightToTheFile() throws Exception {
        byte[] data = random(SplicedRequests.largestWrite(PIPE));
        ByteBuffer request = write(7, 100, data);
        source = sourceOf(request);
        ByteBuffer buf = limited(request.remaining());
        assertEquals(request.remaining(), pipe.next(source, buf));
        assertEquals(data.length, pipe.held());
        DecodedRequest req = FuseRequestDecoder.BEFORE_INIT.decode(buf.flip(), pipe.held());
        FuseRequest.Write w = (FuseRequest.Write) req.body();
        assertEquals(data.length, w.size());
        assertEquals(data.length, w.held());
        assertEquals(0, w.data().remaining());

        Path target = dir.resolve("target");
        int out = Sys.open(target.toString(), Linux.O_RDWR | Linux.O_CREAT | Linux.O_CLOEXEC, 0600);
        try {
            long moved = 0;
            while (moved < data.length) {
                moved += pipe.moveTo(out, w.offset() + moved, data.length - moved);
            }
        } finally {
            Sys.close(out);
        }
        assertEquals(0, pipe.held());
        byte[] written = Files.readAllBytes(target);
        assertArrayEquals(data, Arrays.copyOfRange(written, 100, written.length));
        assertThrows(IllegalStateException.class, () -> pipe.moveTo(0, 0, 1), "nothing is held any more");
    }

    @Test
    void smallWritesAndOtherRequestsAreReadWhole() throws Exception {
        byte[] data = random(SplicedRequests.MIN_SPLICED - 1);
        ByteBuffer small = write(8, 0, data);
        ByteBuffer getattr = request(FuseOpcode.GETATTR, 9, new byte[16]);
        source = sourceOf(small, getattr);
        ByteBuffer buf = limited(small.remaining());
        assertEquals(small.remaining(), pipe.next(source, buf));
        assertEquals(0, pipe.held());
        FuseRequest.Write w = (FuseRequest.Write) FuseRequestDecoder.BEFORE_INIT.decode(buf.flip()).body();
        byte[] got = new byte[w.data().remaining()];
        w.data().get(got);
        assertArrayEquals(data, got);

        buf = limited(getattr.remaining());
        assertEquals(getattr.remaining(), pipe.next(source, buf));
        assertEquals(FuseOpcode.GETATTR, FuseRequestDecoder.BEFORE_INIT.decode(buf.flip()).opcode());
    }

    @Test
    void whatAFailedWriteLeftIsDiscardedBeforeTheNextRequest() throws Exception {
        ByteBuffer big = write(10, 0, random(100_000));
        ByteBuffer next = request(FuseOpcode.GETATTR, 11, new byte[16]);
        source = sourceOf(big, next);
        pipe.next(source, limited(big.remaining()));
        assertEquals(100_000, pipe.held());
        pipe.discardHeld(in);
        assertEquals(0, pipe.held());
        ByteBuffer buf = limited(next.remaining());
        assertEquals(next.remaining(), pipe.next(source, buf));
        assertEquals(11, FuseRequestDecoder.BEFORE_INIT.decode(buf.flip()).unique());
    }

    @Test
    void onlyAWriteMayHoldBytesBack() {
        ByteBuffer getattr = request(FuseOpcode.GETATTR, 12, new byte[16]);
        ByteBuffer cut = getattr.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        cut.limit(cut.limit() - 8);
        FuseDecodeException e = assertThrows(FuseDecodeException.class,
                () -> FuseRequestDecoder.BEFORE_INIT.decode(cut, 8));
        assertEquals(FuseDecodeException.Reason.BAD_LENGTH, e.reason());
        assertEquals(12, e.header().unique());
    }

    @Test
    void aWriteCannotHoldBackMoreThanItsData() {
        // The header counts 100 bytes after fuse_write_in, but the write says it has 50.
        ByteBuffer body = ByteBuffer.allocate(FuseRequest.Write.SIZE + 100).order(ByteOrder.LITTLE_ENDIAN);
        body.putLong(1).putLong(0).putInt(50).putInt(0).putLong(0).putInt(0).putInt(0);
        ByteBuffer head = request(FuseOpcode.WRITE, 13, body.array());
        head.limit(FuseInHeader.SIZE + FuseRequest.Write.SIZE);
        FuseDecodeException e = assertThrows(FuseDecodeException.class,
                () -> FuseRequestDecoder.BEFORE_INIT.decode(head, 100));
        assertEquals(FuseDecodeException.Reason.SHORT_BODY, e.reason());
        assertEquals(13, e.header().unique());
    }

    /** A view of in no bigger than one request, so that one splice takes one request from the file. */
    private ByteBuffer limited(int bytes) {
        return in.clear().limit(bytes).slice();
    }

    private int sourceOf(ByteBuffer... requests) throws IOException {
        Path f = dir.resolve("requests");
        try (var ch = Files.newByteChannel(f, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            for (ByteBuffer r : requests) {
                ch.write(r.duplicate());
            }
        }
        return Sys.open(f.toString(), Linux.O_RDONLY | Linux.O_CLOEXEC, 0);
    }

    private static ByteBuffer write(long unique, long offset, byte[] data) {
        ByteBuffer body = ByteBuffer.allocate(FuseRequest.Write.SIZE + data.length).order(ByteOrder.LITTLE_ENDIAN);
        body.putLong(1).putLong(offset).putInt(data.length).putInt(0).putLong(0).putInt(0).putInt(0).put(data);
        return request(FuseOpcode.WRITE, unique, body.array());
    }

    private static ByteBuffer request(FuseOpcode op, long unique, byte[] body) {
        int len = FuseInHeader.SIZE + body.length;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        new FuseInHeader(len, op.code(), unique, 1, 0, 0, 0, 0, 0).encode(b);
        return b.put(body).flip();
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
