package io.handlefs.fuse;

/**
 * Device numbers cross FUSE as the kernel's 32-bit new_encode_dev form; the sys layer uses
 * glibc's 64-bit makedev form.
 */
final class DevNumbers {
    private DevNumbers() {}

    static long major(long dev) {
        return ((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL);
    }

    static long minor(long dev) {
        return ((dev >>> 12) & 0xffffff00L) | (dev & 0xffL);
    }

    static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
                | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

    /** glibc dev_t → FUSE attr.rdev. */
    static int toKernel(long dev) {
        long major = major(dev);
        long minor = minor(dev);
        return (int) ((minor & 0xff) | (major << 8) | ((minor & ~0xffL) << 12));
    }

    /** FUSE mknod rdev → glibc dev_t. */
    static long fromKernel(int rdev) {
        long r = Integer.toUnsignedLong(rdev);
        long major = (r & 0xfff00) >>> 8;
        long minor = (r & 0xff) | ((r >>> 12) & 0xfff00);
        return makedev(major, minor);
    }
}
