package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2 SET_INFO Request, [MS-SMB2] 2.2.39. */
public record SetInfoRequest(int infoType, int infoClass, int additionalInformation, FileId fileId, byte[] buffer)
        implements Smb2Body {
    public SetInfoRequest {
        buffer = buffer.clone();
    }

    @Override
    public byte[] buffer() {
        return buffer.clone();
    }

    public static SetInfoRequest decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(33, "SET_INFO");
        int type = r.u8();
        int infoClass = r.u8();
        long length = r.u32();
        int offset = r.u16();
        r.skip(2);
        int additional = r.bits32();
        FileId id = FileId.decode(r);
        return new SetInfoRequest(type, infoClass, additional, id, r.slice(offset, length, "Buffer"));
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 33);                  // StructureSize (2)
        out.put((byte) infoType);                  // InfoType (1)
        out.put((byte) infoClass);                 // FileInfoClass (1)
        out.putInt(buffer.length);                 // BufferLength (4)
        out.putShort((short) (Smb2Header.SIZE + 32)); // BufferOffset (2)
        out.putShort((short) 0);                   // Reserved (2)
        out.putInt(additionalInformation);         // AdditionalInformation (4)
        fileId.encode(out);                        // FileId (16)
        out.put(buffer.length == 0 ? new byte[1] : buffer);
    }
}
