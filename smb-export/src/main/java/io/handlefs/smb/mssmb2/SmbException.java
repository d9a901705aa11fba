package io.handlefs.smb.mssmb2;

/**
 * A request that fails with an NTSTATUS. Thrown by handlers and decoders, turned into an error
 * response only by the dispatcher. Without a stack trace: most are ordinary answers
 * (a name not found), not faults.
 */
public class SmbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient NtStatus status;

    public SmbException(NtStatus status, String why) {
        super(why, null, false, false);
        this.status = status;
    }

    public NtStatus status() {
        return status;
    }

    @Override
    public String getMessage() {
        return status + ": " + super.getMessage();
    }
}
