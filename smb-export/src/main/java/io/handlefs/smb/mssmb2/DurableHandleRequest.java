package io.handlefs.smb.mssmb2;

/**
 * SMB2_CREATE_DURABLE_HANDLE_REQUEST ("DHnQ"), [MS-SMB2] 2.2.13.2.3: 16 reserved bytes. The
 * response context, 2.2.14.2.3, is 8 reserved bytes ({@link #RESPONSE}).
 */
public record DurableHandleRequest() {
    public static final String NAME = "DHnQ";
    public static final int SIZE = 16;
    public static final CreateContext RESPONSE = new CreateContext(NAME, new byte[8]);

    public static DurableHandleRequest decode(byte[] data) {
        Contexts.reader(NAME, data, SIZE);
        return new DurableHandleRequest();
    }

    public byte[] encode() {
        return new byte[SIZE];                     // DurableRequest (16), reserved
    }
}
