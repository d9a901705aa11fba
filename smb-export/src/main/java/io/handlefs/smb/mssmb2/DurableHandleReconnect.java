package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2_CREATE_DURABLE_HANDLE_RECONNECT ("DHnC"), [MS-SMB2] 2.2.13.2.4: the open to reconnect to. */
public record DurableHandleReconnect(FileId fileId) {
    public static final String NAME = "DHnC";
    public static final int SIZE = 16;

    public static DurableHandleReconnect decode(byte[] data) {
        return new DurableHandleReconnect(FileId.decode(Contexts.reader(NAME, data, SIZE)));
    }

    public byte[] encode() {
        ByteBuffer b = Contexts.buffer(SIZE);
        fileId.encode(b);                          // Data: FileId (16)
        return b.array();
    }

    /** This context as it travels in a CREATE. */
    public CreateContext context() {
        return new CreateContext(NAME, encode());
    }
}
