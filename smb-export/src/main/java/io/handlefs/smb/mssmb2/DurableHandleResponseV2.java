package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2_CREATE_DURABLE_HANDLE_RESPONSE_V2 ("DH2Q"), [MS-SMB2] 2.2.14.2.12: the timeout and flags granted. */
public record DurableHandleResponseV2(long timeoutMillis, int flags) {
    public static final int SIZE = 8;

    public static DurableHandleResponseV2 decode(byte[] data) {
        WireReader r = Contexts.reader(DurableHandleRequestV2.NAME, data, SIZE);
        return new DurableHandleResponseV2(r.u32(), r.bits32());
    }

    public byte[] encode() {
        ByteBuffer b = Contexts.buffer(SIZE);
        b.putInt((int) timeoutMillis);             // Timeout (4)
        b.putInt(flags);                           // Flags (4)
        return b.array();
    }

    /** This context as it travels in a CREATE response. */
    public CreateContext context() {
        return new CreateContext(DurableHandleRequestV2.NAME, encode());
    }
}
