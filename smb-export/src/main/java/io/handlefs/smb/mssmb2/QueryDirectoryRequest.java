package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2 QUERY_DIRECTORY Request, [MS-SMB2] 2.2.33. */
public record QueryDirectoryRequest(int infoClass, int flags, int fileIndex, FileId fileId, String pattern,
                                    int outputBufferLength) implements Smb2Body {
    public static final int RESTART_SCANS = 0x01;
    public static final int RETURN_SINGLE_ENTRY = 0x02;
    public static final int INDEX_SPECIFIED = 0x04;
    public static final int REOPEN = 0x10;

    public static QueryDirectoryRequest decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(33, "QUERY_DIRECTORY");
        int infoClass = r.u8();
        int flags = r.u8();
        int index = r.bits32();
        FileId id = FileId.decode(r);
        int nameOffset = r.u16();
        int nameLength = r.u16();
        int outputLength = r.u32Int("OutputBufferLength");
        return new QueryDirectoryRequest(infoClass, flags, index, id, r.utf16(nameOffset, nameLength, "FileName"),
                outputLength);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    @Override
    public void encode(ByteBuffer out) {
        byte[] p = Wire.utf16(pattern);
        out.putShort((short) 33);                  // StructureSize (2)
        out.put((byte) infoClass);                 // FileInformationClass (1)
        out.put((byte) flags);                     // Flags (1)
        out.putInt(fileIndex);                     // FileIndex (4)
        fileId.encode(out);                        // FileId (16)
        out.putShort((short) (p.length == 0 ? 0 : Smb2Header.SIZE + 32)); // FileNameOffset (2)
        out.putShort((short) p.length);            // FileNameLength (2)
        out.putInt(outputBufferLength);            // OutputBufferLength (4)
        out.put(p.length == 0 ? new byte[1] : p);
    }
}
