package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/**
 * The oplock forms of OPLOCK_BREAK, which share one layout: the server's Oplock Break
 * Notification ([MS-SMB2] 2.2.23.1), the client's Oplock Break Acknowledgment (2.2.24.1) and the
 * server's Oplock Break Response (2.2.25.1).
 */
public record OplockBreak(int oplockLevel, FileId fileId) implements Smb2Body {
    public static final int STRUCTURE_SIZE = 24;

    public static OplockBreak decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(STRUCTURE_SIZE, "OPLOCK_BREAK");
        int level = r.u8();
        r.skip(5);
        return new OplockBreak(level, FileId.decode(r));
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) STRUCTURE_SIZE);      // StructureSize (2)
        out.put((byte) oplockLevel);               // OplockLevel (1)
        out.put((byte) 0);                         // Reserved (1)
        out.putInt(0);                             // Reserved2 (4)
        fileId.encode(out);                        // FileId (16)
    }
}
