package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/**
 * SMB2_CREATE_DURABLE_HANDLE_RECONNECT_V2 ("DH2C"), [MS-SMB2] 2.2.13.2.12: the open to reconnect
 * to, the CreateGuid it was made with, and whether it was persistent.
 */
public record DurableHandleReconnectV2(FileId fileId, Guid createGuid, int flags) {
    public static final String NAME = "DH2C";
    public static final int SIZE = 36;

    public static DurableHandleReconnectV2 decode(byte[] data) {
        WireReader r = Contexts.reader(NAME, data, SIZE);
        return new DurableHandleReconnectV2(FileId.decode(r), Guid.decode(r), r.bits32());
    }

    public byte[] encode() {
        ByteBuffer b = Contexts.buffer(SIZE);
        fileId.encode(b);                          // FileId (16)
        createGuid.encode(b);                      // CreateGuid (16)
        b.putInt(flags);                           // Flags (4)
        return b.array();
    }

    /** This context as it travels in a CREATE. */
    public CreateContext context() {
        return new CreateContext(NAME, encode());
    }
}
