package io.handlefs.fuse;

import io.handlefs.inode.SyncPolicy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MountOptionsTest {
    @Test
    void parsesEveryOption() {
        MountOptions o = MountOptions.defaults().with("workers=3,max_fds=16, entry_timeout=0.5,attr_timeout=0,ro");
        assertEquals(3, o.workers());
        assertEquals(16, o.maxFds());
        assertEquals(0.5, o.entryTimeout());
        assertEquals(0.0, o.attrTimeout());
        assertTrue(o.readOnly());
        assertFalse(o.with("rw").readOnly());
        assertEquals(SyncPolicy.PERIODIC, o.nodeSync());
        assertEquals(SyncPolicy.DURABLE, o.with("sync=durable").nodeSync());
        assertEquals(60.0, o.with("sweep_interval=60").sweepInterval());
        assertEquals(16L << 30, o.with("map_size=16G").nodeMapSize());
        assertEquals(16L << 30, o.with("map_size=16G").nodeTable().mapSize());
        assertEquals(1L << 20, o.with("map_size=1048576").nodeMapSize());
        assertFalse(o.writeback());
        assertTrue(o.passthrough());
        MountOptions writeback = o.with("writeback");
        assertTrue(writeback.writeback());
        assertFalse(writeback.passthrough(), "the kernel refuses writeback cache beside passthrough");
    }

    @Test
    void kernelPermissionChecksAreAnOption() {
        MountOptions d = MountOptions.defaults();
        assertTrue(d.with("default_permissions").kernelChecks());
        assertFalse(d.with("default_permissions,no_default_permissions").kernelChecks());
        assertTrue(d.with("no_default_permissions").withKernelChecks().kernelChecks());
        assertEquals(!KernelRelease.current().dropsCachedNames(), d.kernelChecks(),
                "on by default only where the kernel cannot be told to drop cached names");
    }

    @Test
    void rejectsUnknownAndMalformedOptions() {
        MountOptions d = MountOptions.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.with("bogus"));
        assertThrows(IllegalArgumentException.class, () -> d.with("workers=0"));
        assertThrows(IllegalArgumentException.class, () -> d.with("max_fds=x"));
        assertThrows(IllegalArgumentException.class, () -> d.with("entry_timeout=-1"));
        assertThrows(IllegalArgumentException.class, () -> d.with("sync=sometimes"));
        assertThrows(IllegalArgumentException.class, () -> d.with("map_size=1K"));
        assertThrows(IllegalArgumentException.class, () -> d.with("map_size=99999999999T"));
        assertThrows(IllegalArgumentException.class, () -> d.with("map_size=G"));
        assertThrows(IllegalArgumentException.class, () -> d.with("spin=-1"));
        assertThrows(IllegalArgumentException.class, () -> d.with("spin=10001"));
        assertThrows(IllegalArgumentException.class, () -> d.with("spin=fast"));
        assertThrows(IllegalArgumentException.class, () -> d.with("locks=kernel"));
        assertThrows(IllegalArgumentException.class, () -> d.with("locks"));
        assertEquals(d, d.with(",,"));
    }

    @Test
    void workersPollForTheNextRequestFiftyMicrosecondsUnlessToldOtherwise() {
        assertEquals(50, MountOptions.defaults().spinMicros());
        assertEquals(0, MountOptions.defaults().with("spin=0").spinMicros());
        assertEquals(10_000, MountOptions.defaults().with("spin=10000").spinMicros());
    }

    @Test
    void locksStayInTheKernelUnlessTheSmbServerSharesTheExportOrTheyAreAskedForOnTheLowerFiles() {
        MountOptions d = MountOptions.defaults();
        assertFalse(d.lowerLocks());
        assertTrue(d.sharedWithSmb().lowerLocks());
        assertTrue(d.with("locks=lower").lowerLocks());
        assertTrue(d.with("locks=lower").sharedWithSmb().lowerLocks());
        assertFalse(d.with("locks=lower,locks=local").lowerLocks());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.with("locks=local").sharedWithSmb());
        assertTrue(e.getMessage().contains("locks=local"), e.getMessage());
    }
}
