package io.handlefs.sys;

import com.kenai.jffi.MemoryIO;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Per-thread native scratch memory for {@link Sys}: NUL-terminated names and the structs the
 * kernel reads or fills, so that the hot calls allocate nothing. One direct buffer per thread,
 * in native byte order; no Sys call nests inside another, so regions are reused freely.
 *
 * <pre>
 * offset  size  region
 *      0  4096  NAME slot 0  (a raw name + NUL; PATH_MAX including the NUL)
 *   4096  4096  NAME slot 1
 *   8192  4096  NAME slot 2
 *  12288  4096  NAME slot 3
 *  16384  1024  STRUCT: one of the structs below at a time
 *  17408  1024  ARRAY: up to 64 struct iovec, or up to 256 gid_t
 * </pre>
 *
 * The x86_64 (LP64) struct layouts used, offsets in bytes:
 * <pre>
 * struct open_how     (24)  u64 flags @0, u64 mode @8, u64 resolve @16
 * struct file_handle (8+n)  u32 handle_bytes @0, s32 handle_type @4, u8 f_handle[n] @8 (n &le; 128)
 * struct statx       (256)  u32 mask @0, u32 blksize @4, u64 attributes @8, u32 nlink @16,
 *                           u32 uid @20, u32 gid @24, u16 mode @28, u64 ino @32, u64 size @40,
 *                           u64 blocks @48, u64 attributes_mask @56,
 *                           statx_timestamp {s64 sec, u32 nsec, s32 pad} atime @64, btime @80,
 *                           ctime @96, mtime @112, u32 rdev_major @128, rdev_minor @132,
 *                           dev_major @136, dev_minor @140, u64 mnt_id @144, …
 * struct statfs      (120)  long f_type @0, f_bsize @8, f_blocks @16, f_bfree @24, f_bavail @32,
 *                           f_files @40, f_ffree @48, int f_fsid[2] @56, long f_namelen @64,
 *                           f_frsize @72, f_flags @80, f_spare[4] @88
 * struct flock        (32)  s16 l_type @0, s16 l_whence @2, off_t l_start @8, off_t l_len @16,
 *                           pid_t l_pid @24
 * struct timespec[2]  (32)  {s64 tv_sec, s64 tv_nsec} × 2
 * struct iovec        (16)  void *iov_base @0, size_t iov_len @8
 * struct pollfd        (8)  s32 fd @0, s16 events @4, s16 revents @6
 * struct msghdr       (56)  void *msg_name @0, u32 msg_namelen @8, struct iovec *msg_iov @16,
 *                           size_t msg_iovlen @24, void *msg_control @32,
 *                           size_t msg_controllen @40, s32 msg_flags @48
 * struct cmsghdr      (16)  size_t cmsg_len @0, s32 cmsg_level @8, s32 cmsg_type @12, data @16;
 *                           CMSG_LEN(4) = 20, CMSG_SPACE(4) = 24
 * </pre>
 */
final class Scratch {
    static final int NAME_SLOT_SIZE = Linux.PATH_MAX;
    static final int STRUCT = 4 * NAME_SLOT_SIZE;
    static final int STRUCT_SIZE = 1024;
    static final int ARRAY = STRUCT + STRUCT_SIZE;
    static final int ARRAY_SIZE = 1024;
    static final int SIZE = ARRAY + ARRAY_SIZE;
    static final int IOVEC_SIZE = 16;
    static final int MAX_SCRATCH_IOVECS = ARRAY_SIZE / IOVEC_SIZE;

    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    /** The scratch memory, native order; callers use absolute gets and puts only. */
    final ByteBuffer buf;
    /** Native address of {@code buf}'s first byte. */
    final long address;

    private Scratch() {
        buf = ByteBuffer.allocateDirect(SIZE).order(ByteOrder.nativeOrder());
        address = MemoryIO.getInstance().getDirectBufferAddress(buf);
    }

    static Scratch get() {
        return LOCAL.get();
    }

    /** Native address of the direct buffer {@code b}'s byte at {@code b.position()}. */
    static long addressAtPosition(ByteBuffer b) {
        if (!b.isDirect()) {
            throw new IllegalArgumentException("buffer must be direct");
        }
        return MemoryIO.getInstance().getDirectBufferAddress(b) + b.position();
    }
}
