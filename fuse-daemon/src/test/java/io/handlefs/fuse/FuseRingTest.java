package io.handlefs.fuse;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FuseRingTest {
    @Test
    void countsPossibleCpus() {
        assertEquals(1, FuseRing.parsePossible("0\n"));
        assertEquals(2, FuseRing.parsePossible("0-1\n"));
        assertEquals(6, FuseRing.parsePossible("0-1,4-5"));
        assertTrue(FuseRing.possibleCpus() >= 1);
    }
}
