package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.ReadResponse;
import io.handlefs.smb.mssmb2.Smb2Body;
import io.netty.buffer.ByteBuf;

/**
 * What a handler answers: a status and a body. {@link #NONE} sends nothing (CANCEL); a pending
 * reply sends an interim STATUS_PENDING response and completes later.
 *
 * <p>{@code frame}, when not null, is a pooled direct buffer the body's data already lives in, at
 * {@link #FRAME_HEADROOM} (a file READ reads straight into it): room for the 4-byte length prefix,
 * the SMB2 header and the body's fixed part is left in front, so that the dispatcher can fill those
 * in and send the buffer as the whole frame without copying the data. The dispatcher owns it: it
 * sends it, or copies the body out and releases it (signed, encrypted and compounded responses).
 */
record Reply(NtStatus status, Smb2Body body, int sizeHint, long asyncId, ByteBuf frame) {
    static final int DEFAULT_SIZE = 64 * 1024;
    /** Where the data starts in a reply's {@code frame}: length prefix, header, READ response (the only user). */
    static final int FRAME_HEADROOM = 4 + ReadResponse.DATA_OFFSET;
    static final Reply NONE = new Reply(NtStatus.SUCCESS, null, 0, 0, null);

    static Reply ok(Smb2Body body) {
        return new Reply(NtStatus.SUCCESS, body, DEFAULT_SIZE, 0, null);
    }

    static Reply of(NtStatus status, Smb2Body body) {
        return new Reply(status, body, DEFAULT_SIZE, 0, null);
    }

    static Reply large(Smb2Body body, int size) {
        return new Reply(NtStatus.SUCCESS, body, size, 0, null);
    }

    /** A large reply whose data sits in {@code frame} (see the class comment); ownership passes on. */
    static Reply inFrame(Smb2Body body, int size, ByteBuf frame) {
        return new Reply(NtStatus.SUCCESS, body, size, 0, frame);
    }

    static Reply pending(long asyncId) {
        return new Reply(NtStatus.PENDING, null, 0, asyncId, null);
    }

    boolean isPending() {
        return status == NtStatus.PENDING;
    }
}
