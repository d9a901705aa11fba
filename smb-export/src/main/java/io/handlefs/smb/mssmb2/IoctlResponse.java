package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2 IOCTL Response, [MS-SMB2] 2.2.32 (no input echoed back). */
public record IoctlResponse(int ctlCode, FileId fileId, byte[] output) implements Smb2Body {
    public IoctlResponse {
        output = output.clone();
    }

    @Override
    public byte[] output() {
        return output.clone();
    }

    public static IoctlResponse decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(49, "IOCTL response");
        r.skip(2);
        int code = r.bits32();
        FileId id = FileId.decode(r);
        r.skip(8);
        long outputOffset = r.u32();
        long outputCount = r.u32();
        return new IoctlResponse(code, id, r.slice(outputOffset, outputCount, "Output"));
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 49);                  // StructureSize (2)
        out.putShort((short) 0);                   // Reserved (2)
        out.putInt(ctlCode);                       // CtlCode (4)
        fileId.encode(out);                        // FileId (16)
        out.putInt(Smb2Header.SIZE + 48);          // InputOffset (4)
        out.putInt(0);                             // InputCount (4)
        out.putInt(Smb2Header.SIZE + 48);          // OutputOffset (4)
        out.putInt(output.length);                 // OutputCount (4)
        out.putInt(0);                             // Flags (4)
        out.putInt(0);                             // Reserved2 (4)
        out.put(output);
    }
}
