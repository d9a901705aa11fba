package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2 ERROR Response, [MS-SMB2] 2.2.2: the body of every failed response. */
public record ErrorResponse(byte[] errorData) implements Smb2Body {
    public static final ErrorResponse EMPTY = new ErrorResponse(new byte[0]);

    public ErrorResponse {
        errorData = errorData.clone();
    }

    @Override
    public byte[] errorData() {
        return errorData.clone();
    }

    public static ErrorResponse decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(9, "ERROR");
        r.skip(2);
        int count = r.u32Int("ByteCount");
        return new ErrorResponse(r.bytes(count));
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 9);            // StructureSize (2)
        out.put((byte) 0);                  // ErrorContextCount (1)
        out.put((byte) 0);                  // Reserved (1)
        out.putInt(errorData.length);       // ByteCount (4)
        out.put(errorData.length == 0 ? new byte[1] : errorData);  // ErrorData: one zero byte when empty
    }
}
