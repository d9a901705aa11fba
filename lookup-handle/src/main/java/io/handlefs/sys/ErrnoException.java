package io.handlefs.sys;

/**
 * A failed syscall: the errno it set and the name of the call. Built without a stack trace
 * (ENOENT from a LOOKUP is the hot path, not an exceptional one) and with its message composed
 * only when asked for.
 */
public final class ErrnoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final transient Errno errno;
    private final String call;

    /** {@code code} is the raw errno; a number {@link Errno} does not know is kept and reported as EIO. */
    public ErrnoException(int code, String call) {
        super(null, null, false, false);
        this.code = code;
        this.errno = Errno.of(code);
        this.call = call;
    }

    public ErrnoException(Errno errno, String call) {
        this(errno.code(), call);
    }

    /** The error as an enum constant ({@link Errno#EIO} for a number the table does not know). */
    public Errno errno() {
        return errno;
    }

    /** The raw errno number the kernel reported. */
    public int code() {
        return code;
    }

    /** The name of the failing call, e.g. {@code "openat2"}. */
    public String call() {
        return call;
    }

    @Override
    public String getMessage() {
        String name = Errno.isKnown(code) ? errno.name() : "errno";
        return call + ": " + name + " (" + code + ")";
    }
}
