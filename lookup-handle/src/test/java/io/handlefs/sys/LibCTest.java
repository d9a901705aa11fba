package io.handlefs.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

class LibCTest {
    /** jnr-ffi issue #181: six-parameter calls get a garbage sixth argument on x86_64. */
    @Test
    void noSixParameterFunctions() {
        for (Method m : LibC.Functions.class.getDeclaredMethods()) {
            assertNotEquals(6, m.getParameterCount(), m.getName() + " has six parameters");
        }
    }

    /** The seven-parameter syscall stub passes every register argument intact. */
    @Test
    void syscallPassesAllSixArguments() throws Exception {
        // copy_file_range with six arguments, the last (flags) non-zero: EINVAL proves it arrived
        java.nio.file.Path f = java.nio.file.Files.createTempFile("libc", ".bin");
        try {
            java.nio.file.Files.write(f, new byte[64]);
            int fd = Sys.open(f.toString(), Linux.O_RDWR | Linux.O_CLOEXEC, 0);
            try {
                ErrnoException e = org.junit.jupiter.api.Assertions.assertThrows(ErrnoException.class,
                        () -> Sys.copyFileRange(fd, 0, fd, 32, 16, 1));
                assertEquals(Errno.EINVAL, e.errno());
                assertEquals(16, Sys.copyFileRange(fd, 0, fd, 32, 16, 0));
            } finally {
                Sys.close(fd);
            }
        } finally {
            java.nio.file.Files.delete(f);
        }
        assertTrue(SyscallNumbers.OPENAT2 > 0, "running on a supported arch: " + SyscallNumbers.ARCH);
    }
}
