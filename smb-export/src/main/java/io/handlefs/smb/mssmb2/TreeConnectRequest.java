package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2 TREE_CONNECT Request, [MS-SMB2] 2.2.9: the UNC path \\server\share. */
public record TreeConnectRequest(int flags, String path) implements Smb2Body {
    public static TreeConnectRequest decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(9, "TREE_CONNECT");
        int flags = r.u16();
        int offset = r.u16();
        int length = r.u16();
        return new TreeConnectRequest(flags, r.utf16(offset, length, "Path"));
    }

    @Override
    public void encode(ByteBuffer out) {
        byte[] p = Wire.utf16(path);
        out.putShort((short) 9);                   // StructureSize (2)
        out.putShort((short) flags);               // Flags (2)
        out.putShort((short) (Smb2Header.SIZE + 8)); // PathOffset (2)
        out.putShort((short) p.length);            // PathLength (2)
        out.put(p);
    }

    /** The share name: what follows the last backslash of the path. */
    public String shareName() {
        return path.substring(path.lastIndexOf('\\') + 1);
    }
}
