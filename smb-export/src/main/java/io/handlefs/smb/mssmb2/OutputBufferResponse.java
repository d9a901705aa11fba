package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/**
 * The one layout of SMB2 QUERY_DIRECTORY Response ([MS-SMB2] 2.2.34), SMB2 CHANGE_NOTIFY Response
 * (2.2.36) and SMB2 QUERY_INFO Response (2.2.38): StructureSize 9, an output buffer offset and
 * length, the buffer.
 */
public record OutputBufferResponse(byte[] output) implements Smb2Body {
    public OutputBufferResponse {
        output = output.clone();
    }

    @Override
    public byte[] output() {
        return output.clone();
    }

    public static OutputBufferResponse decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(9, "output buffer response");
        int offset = r.u16();
        long length = r.u32();
        return new OutputBufferResponse(r.slice(offset, length, "OutputBuffer"));
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 9);                   // StructureSize (2)
        out.putShort((short) (Smb2Header.SIZE + 8)); // OutputBufferOffset (2)
        out.putInt(output.length);                 // OutputBufferLength (4)
        out.put(output.length == 0 ? new byte[1] : output);
    }
}
