package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2 WRITE Response, [MS-SMB2] 2.2.22. */
public record WriteResponse(int count) implements Smb2Body {
    public static WriteResponse decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(17, "WRITE response");
        r.skip(2);
        return new WriteResponse(r.u32Int("Count"));
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 17);                  // StructureSize (2)
        out.putShort((short) 0);                   // Reserved (2)
        out.putInt(count);                         // Count (4)
        out.putInt(0);                             // Remaining (4)
        out.putShort((short) 0);                   // WriteChannelInfoOffset (2)
        out.putShort((short) 0);                   // WriteChannelInfoLength (2)
        out.put((byte) 0);                         // Buffer (1)
    }
}
