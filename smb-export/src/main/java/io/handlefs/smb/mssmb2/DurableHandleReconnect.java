package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** SMB2_CREATE_DURABLE_HANDLE_RECONNECT ("DHnC"), [MS-SMB2] 2.2.13.2.4: the open to reconnect to. */
public record DurableHandleReconnect(FileId fileId) {
    public static final String NAME = "DHnC";
    public static final int SIZE = 16;

    public static DurableHandleReconnect decode(byte[] data) {
        Contexts.exactLength(NAME, data, SIZE);
        return new DurableHandleReconnect(FileId.decode(Contexts.reader(data)));
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        fileId.encode(b);                          // Data: FileId (16)
        return b.array();
    }
}
