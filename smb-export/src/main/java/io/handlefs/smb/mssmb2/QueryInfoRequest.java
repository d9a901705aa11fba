package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2 QUERY_INFO Request, [MS-SMB2] 2.2.37. */
public record QueryInfoRequest(int infoType, int infoClass, int outputBufferLength, byte[] input,
                               int additionalInformation, int flags, FileId fileId) implements Smb2Body {
    public static final int INFO_FILE = 1;
    public static final int INFO_FILESYSTEM = 2;
    public static final int INFO_SECURITY = 3;
    public static final int INFO_QUOTA = 4;

    public QueryInfoRequest {
        input = input.clone();
    }

    @Override
    public byte[] input() {
        return input.clone();
    }

    public static QueryInfoRequest decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(41, "QUERY_INFO");
        int type = r.u8();
        int infoClass = r.u8();
        int outputLength = r.u32Int("OutputBufferLength");
        int inputOffset = r.u16();
        r.skip(2);
        long inputLength = r.u32();
        int additional = r.bits32();
        int flags = r.bits32();
        FileId id = FileId.decode(r);
        return new QueryInfoRequest(type, infoClass, outputLength, r.slice(inputOffset, inputLength, "InputBuffer"),
                additional, flags, id);
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 41);                  // StructureSize (2)
        out.put((byte) infoType);                  // InfoType (1)
        out.put((byte) infoClass);                 // FileInfoClass (1)
        out.putInt(outputBufferLength);            // OutputBufferLength (4)
        out.putShort((short) (input.length == 0 ? 0 : Smb2Header.SIZE + 40)); // InputBufferOffset (2)
        out.putShort((short) 0);                   // Reserved (2)
        out.putInt(input.length);                  // InputBufferLength (4)
        out.putInt(additionalInformation);         // AdditionalInformation (4)
        out.putInt(flags);                         // Flags (4)
        fileId.encode(out);                        // FileId (16)
        out.put(input.length == 0 ? new byte[1] : input);
    }
}
