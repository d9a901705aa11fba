package io.handlefs.smb.mssmb2;

/**
 * A message that cannot be decoded: too short for its fixed part, a length or offset pointing
 * outside the message, or a field with a value the protocol forbids. The client gets
 * STATUS_INVALID_PARAMETER for that request and the connection goes on.
 */
public final class SmbDecodeException extends SmbException {
    private static final long serialVersionUID = 1L;

    /** What was wrong with the bytes. */
    public enum Kind { TRUNCATED, OUT_OF_BOUNDS, BAD_VALUE, TOO_LARGE }

    private final Kind kind;

    public SmbDecodeException(Kind kind, String what) {
        super(NtStatus.INVALID_PARAMETER, kind + ": " + what);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
