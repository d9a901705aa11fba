package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2 CLOSE Response, [MS-SMB2] 2.2.16: the attributes only when POSTQUERY_ATTRIB was asked for. */
public record CloseResponse(int flags, FileStat stat) implements Smb2Body {
    public static CloseResponse decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(60, "CLOSE response");
        int flags = r.u16();
        r.skip(4);
        return new CloseResponse(flags, FileStat.decode(r));
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 60);                  // StructureSize (2)
        out.putShort((short) flags);               // Flags (2)
        out.putInt(0);                             // Reserved (4)
        stat.encode(out);                          // times, sizes, FileAttributes (52)
    }
}
