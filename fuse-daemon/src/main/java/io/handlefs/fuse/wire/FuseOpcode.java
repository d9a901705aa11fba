package io.handlefs.fuse.wire;

/**
 * FUSE request opcodes ({@code enum fuse_opcode}, fuse.h 7.45).
 *
 * <p>{@link #of(int)} maps a wire opcode to its constant through a dense array and returns
 * {@code null} for a code this table does not know (the caller answers ENOSYS).
 */
public enum FuseOpcode {
    LOOKUP(1),
    /** No reply. */
    FORGET(2),
    GETATTR(3),
    SETATTR(4),
    READLINK(5),
    SYMLINK(6),
    MKNOD(8),
    MKDIR(9),
    UNLINK(10),
    RMDIR(11),
    RENAME(12),
    LINK(13),
    OPEN(14),
    READ(15),
    WRITE(16),
    STATFS(17),
    RELEASE(18),
    FSYNC(20),
    SETXATTR(21),
    GETXATTR(22),
    LISTXATTR(23),
    REMOVEXATTR(24),
    FLUSH(25),
    INIT(26),
    OPENDIR(27),
    READDIR(28),
    RELEASEDIR(29),
    FSYNCDIR(30),
    GETLK(31),
    SETLK(32),
    SETLKW(33),
    ACCESS(34),
    CREATE(35),
    /** Reply optional (EAGAIN = "not found yet, resend"); normally none. */
    INTERRUPT(36),
    BMAP(37),
    DESTROY(38),
    IOCTL(39),
    POLL(40),
    /** The kernel's answer to a NOTIFY_RETRIEVE; no reply. */
    NOTIFY_REPLY(41),
    /** No reply. */
    BATCH_FORGET(42),
    FALLOCATE(43),
    READDIRPLUS(44),
    RENAME2(45),
    LSEEK(46),
    COPY_FILE_RANGE(47),
    SETUPMAPPING(48),
    REMOVEMAPPING(49),
    SYNCFS(50),
    TMPFILE(51),
    STATX(52),
    /** 7.45: like COPY_FILE_RANGE, but the reply carries a 64-bit byte count. */
    COPY_FILE_RANGE_64(53),
    CUSE_INIT(4096);

    private static final FuseOpcode[] DENSE;

    static {
        int max = 0;
        for (FuseOpcode op : values()) {
            if (op != CUSE_INIT) {
                max = Math.max(max, op.code);
            }
        }
        DENSE = new FuseOpcode[max + 1];
        for (FuseOpcode op : values()) {
            if (op != CUSE_INIT) {
                DENSE[op.code] = op;
            }
        }
    }

    private final int code;

    FuseOpcode(int code) {
        this.code = code;
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    /**
     * Whether the kernel waits for a reply: false for FORGET, BATCH_FORGET, NOTIFY_REPLY and
     * INTERRUPT (whose reply is optional). A request that expects none must get none, even when it
     * fails to decode.
     */
    public boolean expectsReply() {
        return switch (this) {
            case FORGET, BATCH_FORGET, NOTIFY_REPLY, INTERRUPT -> false;
            default -> true;
        };
    }

    /** The opcode for a wire value, or {@code null} if unknown (answer ENOSYS). */
    public static FuseOpcode of(int code) {
        if (code >= 0 && code < DENSE.length) {
            return DENSE[code];
        }
        return code == CUSE_INIT.code ? CUSE_INIT : null;
    }
}
