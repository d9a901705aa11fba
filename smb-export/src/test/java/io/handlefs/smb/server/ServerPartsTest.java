package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Path rules, wildcards, credits, byte-range lock semantics and lock sequences, without a server. */
class ServerPartsTest {
    private static NtStatus statusOf(String path) {
        return assertThrows(SmbException.class, () -> SmbPath.parse(path)).status();
    }

    @Test
    void pathsGetTheStatusesWindowsGives() {
        assertEquals(List.of("a", "b.txt"), SmbPath.parse("a\\b.txt").components());
        assertTrue(SmbPath.parse("").isRoot());
        assertEquals(List.of("f"), SmbPath.parse("f::$DATA").components());
        assertEquals(NtStatus.OBJECT_PATH_SYNTAX_BAD, statusOf("a\\..\\b"));
        assertEquals(NtStatus.OBJECT_PATH_SYNTAX_BAD, statusOf(".."));
        assertEquals(NtStatus.INVALID_PARAMETER, statusOf("\\abs"));
        assertEquals(NtStatus.OBJECT_NAME_INVALID, statusOf("a\\\\b"));
        assertEquals(NtStatus.OBJECT_NAME_INVALID, statusOf("a*b"));
        assertEquals(NtStatus.OBJECT_NAME_INVALID, statusOf("a\u0001"));
        assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND, statusOf("f:stream:$DATA"));
        assertEquals(NtStatus.OBJECT_NAME_INVALID, statusOf("x".repeat(256)));
    }

    @Test
    void wildcards() {
        assertTrue(Wildcard.matches("*", "anything"));
        assertTrue(Wildcard.matches("*.*", "noext"));
        assertTrue(Wildcard.matches("A*.TXT", "abc.txt"));
        assertTrue(Wildcard.matches("a?c", "ABC"));
        assertFalse(Wildcard.matches("a?c", "abbc"));
        assertTrue(Wildcard.matches("hello.txt", "HELLO.TXT"));
        assertFalse(Wildcard.matches("*.txt", "a.bin"));
    }

    @Test
    void creditsAreGrantedAndSpentOnce() {
        CreditWindow w = new CreditWindow();
        assertTrue(w.consume(0, 0));
        assertFalse(w.consume(0, 1));
        assertFalse(w.consume(1, 1));
        assertEquals(10, w.grant(10));
        assertTrue(w.consume(3, 2));
        assertTrue(w.consume(1, 1));
        assertFalse(w.consume(3, 1));
        assertTrue(w.consume(2, 1));
        assertTrue(w.consume(5, 6));
        assertFalse(w.consume(11, 1));
        assertFalse(w.consume(Long.MAX_VALUE, 2));
    }

    private static Open open() {
        return new Open(io.handlefs.smb.mssmb2.FileId.NONE, null, null, null, null, null, "\\f", false, 0, 0, -1, null);
    }

    @Test
    void byteRangeLocksFollowWindows() {
        ByteRangeLocks locks = new ByteRangeLocks();
        Open a = open();
        Open b = open();
        locks.add(new ByteRangeLocks.Range(a, 100, 10, true));
        assertTrue(locks.conflicts(b, 105, 1, false));
        assertFalse(locks.conflicts(a, 105, 1, false));
        assertTrue(locks.conflicts(a, 105, 1, true));
        assertFalse(locks.conflicts(b, 110, 5, true));
        assertFalse(locks.remove(a, 100, 5));
        assertTrue(locks.remove(a, 100, 10));
        locks.add(new ByteRangeLocks.Range(a, 0, 10, false));
        assertFalse(locks.conflicts(b, 0, 10, false));
        assertTrue(locks.conflicts(b, 0, 10, true));
        assertTrue(locks.blocksIo(b, 5, 1, true));
        assertFalse(locks.blocksIo(b, 5, 1, false));
        locks.add(new ByteRangeLocks.Range(a, -1, 1, true));
        assertTrue(locks.conflicts(b, -2, 2, false));
        assertFalse(ByteRangeLocks.validRange(-1, 2));
        assertTrue(ByteRangeLocks.validRange(-1, 1));
    }

    /** [MS-SMB2] 3.3.5.14: buckets 1 to 64, the number stored only once a request succeeded. */
    @Test
    void lockSequencesRecogniseReplaysPerBucket() {
        LockSequences seq = new LockSequences();
        assertEquals(1, LockSequences.index(0x011));
        assertEquals(64, LockSequences.index(0x401));
        assertEquals(0, LockSequences.index(0x001));
        assertEquals(0, LockSequences.index(0x411));
        assertEquals(0, LockSequences.index(0xFFFFFFF1));
        assertFalse(seq.replayed(0x011));
        seq.succeeded(0x011);
        assertTrue(seq.replayed(0x011));
        assertFalse(seq.replayed(0x021), "another bucket");
        assertFalse(seq.replayed(0x012), "another number invalidates the bucket");
        assertFalse(seq.replayed(0x011), "until a request of the bucket succeeds again");
        seq.succeeded(0x001);
        assertFalse(seq.replayed(0x001), "bucket 0 is never checked");
        seq.succeeded(0x410);
        assertFalse(seq.replayed(0x410), "bucket 65 does not exist");
        seq.succeeded(0x400);
        assertTrue(seq.replayed(0x400), "bucket 64, number 0");
    }
}
