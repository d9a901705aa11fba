package io.handlefs.smb.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handlefs.smb.mssmb2.ErrorResponse;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.WriteResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncomingWriteTest {
    /** What a sink was asked to write: one entry per call, its offset and bytes. */
    private record Call(long offset, byte[] bytes) {}

    private final List<Call> calls = new ArrayList<>();

    private long record(ByteBuffer[] data, long offset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer b : data) {
            assertTrue(b.isDirect(), "the syscall layer writes direct memory only");
            byte[] part = new byte[b.remaining()];
            b.duplicate().get(part);
            out.writeBytes(part);
        }
        calls.add(new Call(offset, out.toByteArray()));
        return out.size();
    }

    private static ByteBuf piece(int from, int n) {
        ByteBuf b = Unpooled.directBuffer(n);
        for (int i = 0; i < n; i++) {
            b.writeByte(from + i);
        }
        return b;
    }

    private static Reply answer(long n) {
        return Reply.ok(new WriteResponse((int) n));
    }

    /** A WRITE of length bytes at offset, admitted to write into {@link #calls}. */
    private IncomingWrite admitted(int length, long offset, boolean whole) {
        IncomingWrite w = new IncomingWrite(length);
        w.admit(this::record, offset, whole, IncomingWriteTest::answer);
        w.served(null, Reply.NONE);
        return w;
    }

    @Test
    void eachPieceIsWrittenAsItComesAndTheAnswerCountsThemAll() {
        IncomingWrite w = admitted(30, 1000, false);
        ByteBuf a = piece(0, 10);
        assertFalse(w.accept(a));
        assertEquals(List.of(1000L), calls.stream().map(Call::offset).toList());
        ByteBuf b = Unpooled.buffer(20).writeZero(20); // heap memory is copied to direct
        assertTrue(w.accept(b));
        assertEquals(1010L, calls.get(1).offset());
        assertEquals(20, calls.get(1).bytes().length);
        assertEquals(30, ((WriteResponse) w.reply().body()).count());
        assertTrue(a.release());
        assertTrue(b.release());
    }

    @Test
    void aWriteThroughFileGetsTheDataInOneWriteOnceItIsAllIn() {
        IncomingWrite w = admitted(25, 0, true);
        ByteBuf a = piece(0, 10);
        ByteBuf b = piece(10, 15);
        assertFalse(w.accept(a));
        a.release();
        assertEquals(1, a.refCnt(), "held until the rest arrives");
        assertTrue(calls.isEmpty());
        assertTrue(w.accept(b));
        b.release();
        assertEquals(0, a.refCnt());
        assertEquals(0, b.refCnt());
        assertEquals(1, calls.size());
        byte[] expected = new byte[25];
        for (int i = 0; i < 25; i++) {
            expected[i] = (byte) i;
        }
        assertArrayEquals(expected, calls.get(0).bytes());
        assertEquals(25, ((WriteResponse) w.reply().body()).count());
    }

    @Test
    void heldDataIsReleasedWhenTheConnectionGoesBeforeItAllArrived() {
        IncomingWrite w = admitted(25, 0, true);
        ByteBuf a = piece(0, 10);
        w.accept(a);
        a.release();
        w.discard();
        assertEquals(0, a.refCnt());
        assertTrue(calls.isEmpty());
    }

    @Test
    void aRefusedWriteWritesNothingAndAnswersItsRefusal() {
        IncomingWrite w = new IncomingWrite(10);
        Reply refusal = Reply.of(NtStatus.ACCESS_DENIED, ErrorResponse.EMPTY);
        w.served(null, refusal);
        ByteBuf a = piece(0, 10);
        assertTrue(w.accept(a));
        a.release();
        assertTrue(calls.isEmpty());
        assertSame(refusal, w.reply());
    }

    @Test
    void afterAFailedWriteTheRestIsDroppedAndTheFailureIsTheAnswer() {
        IncomingWrite w = new IncomingWrite(30);
        IllegalStateException full = new IllegalStateException("no space");
        w.admit((data, offset) -> {
            calls.add(new Call(offset, new byte[0]));
            throw full;
        }, 0, false, IncomingWriteTest::answer);
        w.served(null, Reply.NONE);
        for (int i = 0; i < 3; i++) {
            ByteBuf p = piece(i * 10, 10);
            assertEquals(i == 2, w.accept(p));
            p.release();
        }
        assertEquals(1, calls.size());
        assertSame(full, assertThrows(IllegalStateException.class, w::reply));
    }
}
