package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.Smb2Body;

/**
 * What a handler answers: a status and a body. {@link #NONE} sends nothing (CANCEL); a pending
 * reply sends an interim STATUS_PENDING response and completes later.
 */
record Reply(NtStatus status, Smb2Body body, int sizeHint, long asyncId) {
    static final int DEFAULT_SIZE = 64 * 1024;
    static final Reply NONE = new Reply(NtStatus.SUCCESS, null, 0, 0);

    static Reply ok(Smb2Body body) {
        return new Reply(NtStatus.SUCCESS, body, DEFAULT_SIZE, 0);
    }

    static Reply of(NtStatus status, Smb2Body body) {
        return new Reply(status, body, DEFAULT_SIZE, 0);
    }

    static Reply large(Smb2Body body, int size) {
        return new Reply(NtStatus.SUCCESS, body, size, 0);
    }

    static Reply pending(long asyncId) {
        return new Reply(NtStatus.PENDING, null, 0, asyncId);
    }

    boolean isPending() {
        return status == NtStatus.PENDING;
    }
}
