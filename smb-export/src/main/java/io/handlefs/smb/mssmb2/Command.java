package io.handlefs.smb.mssmb2;

/** The SMB2 commands, [MS-SMB2] 2.2.1.2, with a dense lookup by code. */
public enum Command {
    NEGOTIATE(0x00),
    SESSION_SETUP(0x01),
    LOGOFF(0x02),
    TREE_CONNECT(0x03),
    TREE_DISCONNECT(0x04),
    CREATE(0x05),
    CLOSE(0x06),
    FLUSH(0x07),
    READ(0x08),
    WRITE(0x09),
    LOCK(0x0A),
    IOCTL(0x0B),
    CANCEL(0x0C),
    ECHO(0x0D),
    QUERY_DIRECTORY(0x0E),
    CHANGE_NOTIFY(0x0F),
    QUERY_INFO(0x10),
    SET_INFO(0x11),
    OPLOCK_BREAK(0x12);

    private static final Command[] BY_CODE = new Command[0x13];

    static {
        for (Command c : values()) {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;

    Command(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The command with this code, or null for a code SMB2 does not define. */
    public static Command of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
