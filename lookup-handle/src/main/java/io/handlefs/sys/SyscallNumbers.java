package io.handlefs.sys;

import java.util.Locale;

/**
 * The raw syscall numbers handlefs calls through {@code syscall(2)}, per architecture: the only
 * place these numbers live. x86_64 is from {@code arch/x86/entry/syscalls/syscall_64.tbl}; arm64
 * from {@code include/uapi/asm-generic/unistd.h} (not exercised by the tests). On any other
 * architecture every number is -1 and the calls fail with ENOSYS.
 */
final class SyscallNumbers {
    private SyscallNumbers() {}

    static final String ARCH = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);

    private static final boolean X86_64 = ARCH.equals("amd64") || ARCH.equals("x86_64");
    private static final boolean ARM64 = ARCH.equals("aarch64") || ARCH.equals("arm64");

    private static long pick(long x86_64, long arm64) {
        return X86_64 ? x86_64 : ARM64 ? arm64 : -1;
    }

    /** Per-thread supplementary groups (the kernel call; glibc's setgroups() broadcasts to all threads). */
    static final long SETGROUPS = pick(116, 159);
    static final long SETFSUID = pick(122, 151);
    static final long SETFSGID = pick(123, 152);
    static final long GETTID = pick(186, 178);
    static final long GETDENTS64 = pick(217, 61);
    static final long NAME_TO_HANDLE_AT = pick(303, 264);
    static final long OPEN_BY_HANDLE_AT = pick(304, 265);
    static final long STATX = pick(332, 291);
    /** Through syscall(2) because six-parameter jnr-ffi calls are broken (see {@link LibC}). */
    static final long COPY_FILE_RANGE = pick(326, 285);
    static final long OPENAT2 = pick(437, 437);
    static final long UNSHARE = pick(272, 97);
    static final long UMASK = pick(95, 166);
    static final long MMAP = pick(9, 222);
    static final long MUNMAP = pick(11, 215);
    static final long SCHED_SETAFFINITY = pick(203, 122);
    static final long EVENTFD2 = pick(290, 19);
    static final long IO_URING_SETUP = pick(425, 425);
    static final long IO_URING_ENTER = pick(426, 426);
}
