package io.handlefs.fuse;

import io.handlefs.fuse.wire.OpenOut;
import io.handlefs.sys.Linux;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenModesTest {
    private static OpenModes modes(boolean writeback, boolean passthrough) {
        OpenModes m = new OpenModes();
        m.enable(writeback, passthrough, true);
        return m;
    }

    @Test
    void writebackReadsWriteOnlyOpensAndLeavesAppendToTheKernel() {
        OpenModes m = modes(true, false);
        assertEquals(Linux.O_WRONLY, m.lowerFlags(Linux.O_WRONLY | Linux.O_APPEND));
        assertTrue(m.widenOpen(Linux.O_WRONLY));
        assertTrue(m.widenCreate(Linux.O_WRONLY | Linux.O_APPEND));
        assertFalse(m.widenOpen(Linux.O_RDONLY));
        assertFalse(m.widenOpen(Linux.O_RDWR));
    }

    @Test
    void passthroughWidensOnlyCreatesWhoseFlagsABackingFileMayShare() {
        OpenModes m = modes(false, true);
        assertEquals(Linux.O_WRONLY | Linux.O_APPEND, m.lowerFlags(Linux.O_WRONLY | Linux.O_APPEND));
        assertFalse(m.widenOpen(Linux.O_WRONLY), "an open of an existing file keeps its mode");
        assertTrue(m.widenCreate(Linux.O_WRONLY | Linux.O_CREAT | Linux.O_EXCL | Linux.O_TRUNC));
        for (int perOpen : new int[] {Linux.O_APPEND, Linux.O_SYNC, Linux.O_DIRECT, Linux.O_NONBLOCK, Linux.O_NOATIME}) {
            assertFalse(m.widenCreate(Linux.O_WRONLY | perOpen), Integer.toOctalString(perOpen));
        }
    }

    @Test
    void neitherModeChangesNothing() {
        OpenModes m = modes(false, false);
        assertEquals(Linux.O_WRONLY | Linux.O_APPEND, m.lowerFlags(Linux.O_WRONLY | Linux.O_APPEND));
        assertFalse(m.widenOpen(Linux.O_WRONLY));
        assertFalse(m.widenCreate(Linux.O_WRONLY));
    }

    @Test
    void opensSkipTheFlushAtCloseOnlyWhenItHasNoWorkHere() {
        OpenModes m = new OpenModes();
        assertEquals(0, m.openFlags(), "before INIT: flush");
        m.enable(false, true, true);
        assertEquals(0, m.openFlags());
        m.enable(false, true, false);
        assertEquals(OpenOut.FOPEN_NOFLUSH, m.openFlags());
    }
}
