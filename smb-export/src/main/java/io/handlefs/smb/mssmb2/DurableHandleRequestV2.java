package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/**
 * SMB2_CREATE_DURABLE_HANDLE_REQUEST_V2 ("DH2Q"), [MS-SMB2] 2.2.13.2.11: the timeout the client
 * asks for (milliseconds, 0: the server's choice), whether it wants a persistent handle, and the
 * CreateGuid that identifies this create across replays and reconnects.
 */
public record DurableHandleRequestV2(long timeoutMillis, int flags, Guid createGuid) {
    public static final String NAME = "DH2Q";
    public static final int SIZE = 32;
    public static final int FLAG_PERSISTENT = 0x2;

    public static DurableHandleRequestV2 decode(byte[] data) {
        WireReader r = Contexts.reader(NAME, data, SIZE);
        long timeout = r.u32();
        int flags = r.bits32();
        r.skip(8);
        return new DurableHandleRequestV2(timeout, flags, Guid.decode(r));
    }

    public boolean persistent() {
        return (flags & FLAG_PERSISTENT) != 0;
    }

    public byte[] encode() {
        ByteBuffer b = Contexts.buffer(SIZE);
        b.putInt((int) timeoutMillis);             // Timeout (4)
        b.putInt(flags);                           // Flags (4)
        b.putLong(0);                              // Reserved (8)
        createGuid.encode(b);                      // CreateGuid (16)
        return b.array();
    }

    /** This context as it travels in a CREATE. */
    public CreateContext context() {
        return new CreateContext(NAME, encode());
    }
}
