package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2 CLOSE Request, [MS-SMB2] 2.2.15. */
public record CloseRequest(int flags, FileId fileId) implements Smb2Body {
    public static final int POSTQUERY_ATTRIB = 0x1;

    public static CloseRequest decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(24, "CLOSE");
        int flags = r.u16();
        r.skip(4);
        return new CloseRequest(flags, FileId.decode(r));
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 24);                  // StructureSize (2)
        out.putShort((short) flags);               // Flags (2)
        out.putInt(0);                             // Reserved (4)
        fileId.encode(out);                        // FileId (16)
    }
}
