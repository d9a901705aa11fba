package io.handlefs.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LinuxTest {
    @Test
    void fuseIoctlNumbers() {
        assertEquals(0x8004e500L, Linux.FUSE_DEV_IOC_CLONE);
        assertEquals(0x4010e501L, Linux.FUSE_DEV_IOC_BACKING_OPEN);
        assertEquals(0x4004e502L, Linux.FUSE_DEV_IOC_BACKING_CLOSE);
    }

    @Test
    void genericIoctlEncoding() {
        // FS_IOC_GETFLAGS = _IOR('f', 1, long) = 0x80086601 on x86_64
        assertEquals(0x80086601L, Linux.ior('f', 1, 8));
        // FICLONE = _IOW(0x94, 9, int) = 0x40049409
        assertEquals(0x40049409L, Linux.iow(0x94, 9, 4));
    }

    @Test
    void openFlagsMatchX86_64() {
        assertEquals(0x40, Linux.O_CREAT);
        assertEquals(0x10000, Linux.O_DIRECTORY);
        assertEquals(0x20000, Linux.O_NOFOLLOW);
        assertEquals(0x80000, Linux.O_CLOEXEC);
        assertEquals(0x200000, Linux.O_PATH);
        assertEquals(0x410000, Linux.O_TMPFILE);
        assertEquals(0x101000, Linux.O_SYNC);
        assertEquals(0x8000, Linux.O_LARGEFILE);
        assertEquals(0x4000, Linux.O_DIRECT);
        assertEquals(0x40000, Linux.O_NOATIME);
    }

    @Test
    void utimeSpecials() {
        assertEquals(0x3fffffffL, Linux.UTIME_NOW);
        assertEquals(0x3ffffffeL, Linux.UTIME_OMIT);
    }

    @Test
    void makedevRoundTrip() {
        assertEquals(0x0801L, Linux.makedev(8, 1));
        long dev = Linux.makedev(0x12345, 0x6789ab);
        assertEquals(0x12345, Linux.major(dev));
        assertEquals(0x6789ab, Linux.minor(dev));
    }
}
