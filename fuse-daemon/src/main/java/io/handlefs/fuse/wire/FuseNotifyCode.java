package io.handlefs.fuse.wire;

/**
 * Notification codes ({@code enum fuse_notify_code}, fuse.h 7.45): sent by the daemon in the out
 * header's {@code error} field with {@code unique = 0}.
 */
public enum FuseNotifyCode {
    POLL(1),
    INVAL_INODE(2),
    INVAL_ENTRY(3),
    STORE(4),
    RETRIEVE(5),
    DELETE(6),
    /** 7.40. */
    RESEND(7),
    /** 7.44. */
    INC_EPOCH(8),
    /** 7.45. */
    PRUNE(9);

    private static final FuseNotifyCode[] DENSE = new FuseNotifyCode[10];

    static {
        for (FuseNotifyCode c : values()) {
            DENSE[c.code] = c;
        }
    }

    private final int code;

    FuseNotifyCode(int code) {
        this.code = code;
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    /** The notify code for a wire value, or {@code null} if unknown. */
    public static FuseNotifyCode of(int code) {
        return code >= 0 && code < DENSE.length ? DENSE[code] : null;
    }
}
