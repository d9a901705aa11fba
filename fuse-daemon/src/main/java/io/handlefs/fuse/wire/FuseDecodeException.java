package io.handlefs.fuse.wire;

/**
 * A request that does not match its wire layout. Carries a typed {@link Reason} and, when the in
 * header itself decoded, that header (so the caller can still answer the request by its unique).
 */
public final class FuseDecodeException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Linux ENAMETOOLONG. */
    static final int ENAMETOOLONG = 36;
    /** Linux EINVAL. */
    static final int EINVAL = 22;
    /** Linux EIO. */
    static final int EIO = 5;

    /** Why a request failed to decode. */
    public enum Reason {
        /** Fewer than 40 bytes: no fuse_in_header. Nothing to answer. */
        SHORT_HEADER,
        /** Header {@code len} disagrees with the bytes read, or extensions overrun the body. */
        BAD_LENGTH,
        /** The body is shorter than its struct (or than a length the struct announces). */
        SHORT_BODY,
        /** A name or string is not NUL-terminated within the body. */
        MISSING_NUL,
        /** A name exceeds NAME_MAX (255 bytes), or a symlink target exceeds PATH_MAX - 1. */
        NAME_TOO_LONG,
        /** A name is empty where one is required. */
        EMPTY_NAME,
        /** A path component contains '/'. */
        BAD_NAME,
        /** A field holds a value the protocol forbids. */
        BAD_VALUE
    }

    private final Reason reason;
    private final String detail;
    private final transient FuseInHeader header;

    public FuseDecodeException(Reason reason, String message) {
        this(reason, message, null);
    }

    public FuseDecodeException(Reason reason, String message, FuseInHeader header) {
        // no stack trace: this is an expected outcome of hostile input, not a bug
        super(reason + ": " + message, null, false, false);
        this.reason = reason;
        this.detail = message;
        this.header = header;
    }

    public Reason reason() {
        return reason;
    }

    /** The decoded in header, or {@code null} if the header itself was bad. */
    public FuseInHeader header() {
        return header;
    }

    /** The same failure, attached to the request's header. */
    public FuseDecodeException withHeader(FuseInHeader h) {
        return new FuseDecodeException(reason, detail, h);
    }

    /**
     * The positive Linux errno a reply should carry: ENAMETOOLONG (36) for
     * {@link Reason#NAME_TOO_LONG}, EINVAL (22) otherwise.
     */
    public int errno() {
        return reason == Reason.NAME_TOO_LONG ? ENAMETOOLONG : EINVAL;
    }
}
