package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2 SET_INFO Response, [MS-SMB2] 2.2.40: StructureSize 2 and nothing else. */
public record SetInfoResponse() implements Smb2Body {
    public static final SetInfoResponse INSTANCE = new SetInfoResponse();

    public static SetInfoResponse decode(ByteBuffer message) {
        WireReader.at(message, Smb2Header.SIZE).structureSize(2, "SET_INFO response");
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 2);                   // StructureSize (2)
    }
}
