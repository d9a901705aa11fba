package io.handlefs.smb.server.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The lease and oplock rules against the tables Windows answers by (smbtorture smb2.lease and
 * smb2.oplock encode them): what a second open gets, what the first is broken to, when the
 * second waits, upgrades, acks and timeouts.
 */
class FileCachingTest {
    private static final byte[] GUID = new byte[16];
    private final FileCaching<String> file = new FileCaching<>();
    private final List<String> opens = new ArrayList<>();

    private static int state(String s) {
        int v = 0;
        for (char c : s.toCharArray()) {
            v |= c == 'R' ? LeaseState.READ : c == 'W' ? LeaseState.WRITE : c == 'H' ? LeaseState.HANDLE : 0;
        }
        return v;
    }

    private static LeaseKey key(int n) {
        byte[] k = new byte[16];
        k[0] = (byte) n;
        return LeaseKey.of(GUID, k);
    }

    private Holder<String> lease(String open, int key, String asked) {
        Holder<String> h = file.grant(open, List.copyOf(opens), OplockLevel.LEASE,
                new LeaseRequest(key(key), state(asked), 1, null, 0), false, false);
        opens.add(open);
        return h;
    }

    private Holder<String> oplock(String open, int level) {
        Holder<String> h = file.grant(open, List.copyOf(opens), level, null, false, false);
        opens.add(open);
        return h;
    }

    /** held by key 1, asked by key 2 → key 1 broken to, key 2 granted (smb2.lease.break). */
    @ParameterizedTest
    @CsvSource({"R,R,R,R", "R,RH,R,RH", "R,RW,R,R", "R,RHW,R,RH", "RH,R,RH,R", "RH,RH,RH,RH", "RH,RW,RH,R",
        "RH,RHW,RH,RH", "RW,R,R,R", "RW,RH,R,RH", "RW,RW,R,R", "RW,RHW,R,RH", "RHW,R,RH,R", "RHW,RH,RH,RH",
        "RHW,RW,RH,R", "RHW,RHW,RH,RH"})
    void secondLeaseBreaksTheFirstAsWindowsDoes(String held, String asked, String brokenTo, String granted) {
        Holder<String> first = lease("a", 1, held);
        FileCaching.Check<String> check = file.beforeOpen(key(2), FileCaching.Stat.DATA, false, false, true);
        boolean breaks = state(held) != state(brokenTo);
        assertEquals(breaks ? 1 : 0, check.breaks().size());
        assertEquals(breaks, check.delay(), "waits for the ack exactly when W goes");
        if (breaks) {
            Break<String> b = check.breaks().get(0);
            assertEquals(state(held), b.from());
            assertEquals(state(brokenTo), b.to());
            assertTrue(b.ackRequired());
            assertNull(file.acknowledgeLease(first, b.to()));
        }
        assertEquals(state(brokenTo), first.state());
        assertEquals(state(granted), lease("b", 2, asked).state());
    }

    /** held lease, oplock asked → lease broken to, oplock level granted (smb2.lease.oplock). */
    @ParameterizedTest
    @CsvSource({"R,1,R,1", "R,8,R,1", "R,9,R,1", "RH,1,RH,0", "RH,8,RH,0", "RH,9,RH,0", "RW,1,R,1", "RW,8,R,1",
        "RW,9,R,1", "RHW,1,RH,0", "RHW,8,RH,0", "RHW,9,RH,0"})
    void anOplockBesideALease(String held, int asked, String brokenTo, int granted) {
        Holder<String> first = lease("a", 1, held);
        FileCaching.Check<String> check = file.beforeOpen(null, FileCaching.Stat.DATA, false, false, true);
        for (Break<String> b : check.breaks()) {
            file.acknowledgeLease(first, b.to());
        }
        assertEquals(state(brokenTo), first.state());
        Holder<String> h = oplock("b", asked);
        assertEquals(granted, h == null ? OplockLevel.NONE : OplockLevel.of(h.state()));
    }

    @Test
    void aBatchOplockBreaksToLevelTwoAndTheOpenWaits() {
        Holder<String> batch = oplock("a", OplockLevel.BATCH);
        assertEquals(OplockLevel.BATCH, OplockLevel.of(batch.state()));
        FileCaching.Check<String> check = file.beforeOpen(null, FileCaching.Stat.DATA, false, false, true);
        assertTrue(check.delay());
        assertEquals(OplockLevel.II, OplockLevel.of(check.breaks().get(0).to()));
        assertEquals(OplockLevel.II, file.acknowledgeOplock("a", OplockLevel.II));
        assertFalse(file.beforeOpen(null, FileCaching.Stat.DATA, false, false, false).delay());
        assertEquals(OplockLevel.II, OplockLevel.of(oplock("b", OplockLevel.BATCH).state()));
    }

    @Test
    void statOpensBreakNothingAndSecurityReadersNoLease() {
        lease("a", 1, "RWH");
        assertTrue(file.beforeOpen(null, FileCaching.Stat.ATTRIBUTES, false, false, true).breaks().isEmpty());
        assertTrue(file.beforeOpen(null, FileCaching.Stat.METADATA, false, false, true).breaks().isEmpty());
        FileCaching<String> other = new FileCaching<>();
        other.grant("b", List.of(), OplockLevel.BATCH, null, false, false);
        assertTrue(other.beforeOpen(null, FileCaching.Stat.ATTRIBUTES, false, false, true).breaks().isEmpty());
        assertEquals(1, other.beforeOpen(null, FileCaching.Stat.METADATA, false, false, true).breaks().size(),
                "reading the security descriptor breaks an oplock");
    }

    @Test
    void anOverwriteBreaksLevelTwoToNoneWithoutWaiting() {
        oplock("a", OplockLevel.II);
        FileCaching.Check<String> check = file.beforeOpen(null, FileCaching.Stat.DATA, false, true, true);
        assertFalse(check.delay());
        Break<String> b = check.breaks().get(0);
        assertEquals(LeaseState.NONE, b.to());
        assertFalse(b.ackRequired(), "level II to none is not acknowledged");
    }

    @Test
    void anAckAboveWhatTheBreakOfferedIsRefused() {
        Holder<String> h = lease("a", 1, "RWH");
        file.beforeOpen(key(2), FileCaching.Stat.DATA, false, true, true);
        SmbException e = assertThrows(SmbException.class, () -> file.acknowledgeLease(h, state("R")));
        assertEquals(NtStatus.REQUEST_NOT_ACCEPTED, e.status());
        assertNull(file.acknowledgeLease(h, LeaseState.NONE));
        e = assertThrows(SmbException.class, () -> file.acknowledgeLease(h, LeaseState.NONE));
        assertEquals(NtStatus.UNSUCCESSFUL, e.status());
    }

    @Test
    void aConflictDuringABreakIsFollowedStepByStepAfterTheAck() {
        Holder<String> h = lease("a", 1, "RWH");
        file.beforeOpen(null, FileCaching.Stat.DATA, false, false, true);
        assertTrue(h.breaking());
        assertTrue(file.beforeOpen(null, FileCaching.Stat.DATA, false, true, true).breaks().isEmpty(), "one break at a time");
        Break<String> next = file.acknowledgeLease(h, state("RH"));
        assertEquals(state("RH"), next.from());
        assertEquals(state("R"), next.to(), "H goes first");
        next = file.acknowledgeLease(h, state("R"));
        assertEquals(LeaseState.NONE, next.to());
        assertFalse(next.ackRequired());
        assertEquals(LeaseState.NONE, h.state());
    }

    @Test
    void aLeaseUpgradesOnlyToAStateItCanHoldWhole() {
        Holder<String> h = lease("a", 1, "R");
        lease("b", 2, "R");
        assertEquals(state("R"), lease("c", 1, "RWH").state(), "W cannot be had beside another lease");
        assertEquals(state("RH"), lease("d", 1, "RH").state());
        assertEquals(h, file.lease(key(1)));
    }

    @Test
    void aWriteBreaksOtherReadCachingAndTheWritersOwnLevelTwo() {
        oplock("a", OplockLevel.II);
        lease("b", 1, "R");
        List<Break<String>> breaks = file.beforeWrite("a");
        assertEquals(2, breaks.size());
        breaks.forEach(b -> assertEquals(LeaseState.NONE, b.to()));
        assertTrue(file.beforeWrite("b").isEmpty(), "nothing left that caches reads");
    }

    @Test
    void aTimedOutBreakLeavesNothingCached() {
        Holder<String> h = lease("a", 1, "RWH");
        Break<String> b = file.beforeOpen(null, FileCaching.Stat.DATA, false, false, true).breaks().get(0);
        file.timedOut(h, b.number() + 1);
        assertTrue(h.breaking(), "a timer of another break does not end this one");
        file.timedOut(h, b.number());
        assertFalse(h.breaking());
        assertEquals(LeaseState.NONE, h.state());
    }

    @Test
    void aLocalOpenBreaksHandleAndWriteCachingOrAll() {
        Holder<String> h = lease("a", 1, "RWH");
        FileCaching.Check<String> read = file.beforeLocalOpen(false);
        assertTrue(read.delay());
        assertEquals(state("R"), read.breaks().get(0).to());
        file.acknowledgeLease(h, state("R"));
        FileCaching.Check<String> write = file.beforeLocalOpen(true);
        assertFalse(write.delay(), "R to none needs no ack");
        assertEquals(LeaseState.NONE, h.state());
    }

    @Test
    void theLastOpenOfALeaseTakesItAway() {
        Holder<String> h = lease("a", 1, "RH");
        lease("b", 1, "RH");
        assertNull(file.closed("a"));
        assertEquals(h, file.closed("b"));
        assertTrue(file.isEmpty());
    }

    @Test
    void version2EpochsCountGrantsUpgradesAndBreaks() {
        Holder<String> h = file.grant("a", List.of(), OplockLevel.LEASE,
                new LeaseRequest(key(1), state("R"), 2, null, 0x4711), false, false);
        assertEquals(0x4712, h.epoch());
        file.grant("b", List.of("a"), OplockLevel.LEASE, new LeaseRequest(key(1), state("RWH"), 2, null, 0), false,
                false);
        assertEquals(0x4713, h.epoch());
        Break<String> b = file.beforeOpen(null, FileCaching.Stat.DATA, false, false, true).breaks().get(0);
        assertEquals(0x4714, b.epoch());
    }
}
