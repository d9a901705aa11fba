package io.handlefs.codec;

/**
 * A wire handle that {@link HandleCodec#decode} refused. The message names the reason and the
 * lengths involved, never key or tag bytes; callers answer ESTALE (NFS/FUSE) or
 * STATUS_OBJECT_NAME_NOT_FOUND (SMB) and log it as a faulty client.
 */
public final class HandleDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a wire handle was refused, in the order {@link HandleCodec#decode} checks. */
    public enum Reason {
        /** Shorter than the smallest handle, or shorter than its own length byte says. */
        TRUNCATED,
        /** Longer than {@link HandleCodec#MAX_WIRE_BYTES}. */
        OVERSIZED,
        /** Does not start with the handlefs magic: not one of our handles. */
        BAD_MAGIC,
        /** A format version this build does not speak. */
        BAD_VERSION,
        /** Reserved byte set, handle length out of range, or trailing bytes. */
        BAD_FORMAT,
        /** Well formed but the tag does not authenticate it: forged, altered or another key. */
        BAD_MAC
    }

    private final Reason reason;

    public HandleDecodeException(Reason reason, String detail) {
        // No stack trace: this is a client's bad input, rejected at the rate clients send it,
        // and the trace would only ever point into the codec.
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
