package io.handlefs.inode;

import io.handlefs.codec.NodeId;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LookupCountsTest {
    @Test
    void forgetReachesZeroOnlyWhenEveryLookupIsForgotten() {
        LookupCounts counts = new LookupCounts();
        NodeId n = new NodeId(42);
        counts.increment(n);
        counts.increment(n);
        counts.increment(n);
        assertFalse(counts.forget(n, 2));
        assertEquals(1, counts.count(n));
        assertTrue(counts.forget(n, 1));
        assertEquals(0, counts.count(n));
        assertEquals(0, counts.size());
    }

    @Test
    void forgettingMoreThanCountedOrAnUnknownNodeIsHarmless() {
        LookupCounts counts = new LookupCounts();
        NodeId n = new NodeId(7);
        assertFalse(counts.forget(n, 1));
        counts.increment(n);
        assertTrue(counts.forget(n, 5));
        assertFalse(counts.forget(n, 1));
    }
}
