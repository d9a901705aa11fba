package io.handlefs.fuse;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelReleaseTest {
    @Test
    void parsesMajorAndMinor() {
        assertEquals(new KernelRelease(6, 18), KernelRelease.parse("6.18.44-fc-v782\n"));
        assertEquals(new KernelRelease(5, 10), KernelRelease.parse("5.10.0-35-amd64"));
        assertEquals(new KernelRelease(7, 0), KernelRelease.parse("7.0"));
    }

    @Test
    void unreadableReleasesAssumeNothing() {
        assertEquals(new KernelRelease(0, 0), KernelRelease.parse(""));
        assertEquals(new KernelRelease(0, 0), KernelRelease.parse("linux"));
        assertEquals(new KernelRelease(0, 0), KernelRelease.parse("6"));
        assertEquals(new KernelRelease(0, 0), KernelRelease.parse("99999999999999999999.1"));
    }

    @Test
    void cachedNamesCanBeDroppedFromLinux616() {
        assertFalse(new KernelRelease(6, 15).dropsCachedNames());
        assertFalse(new KernelRelease(5, 19).dropsCachedNames());
        assertTrue(new KernelRelease(6, 16).dropsCachedNames());
        assertTrue(new KernelRelease(6, 18).dropsCachedNames());
        assertTrue(new KernelRelease(7, 0).dropsCachedNames());
    }
}
