package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2 FLUSH Request, [MS-SMB2] 2.2.17. */
public record FlushRequest(FileId fileId) implements Smb2Body {
    public static FlushRequest decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(24, "FLUSH");
        r.skip(6);
        return new FlushRequest(FileId.decode(r));
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 24);                  // StructureSize (2)
        out.putShort((short) 0);                   // Reserved1 (2)
        out.putInt(0);                             // Reserved2 (4)
        fileId.encode(out);                        // FileId (16)
    }
}
