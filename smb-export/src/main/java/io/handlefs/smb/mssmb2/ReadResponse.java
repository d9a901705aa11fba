package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/**
 * SMB2 READ Response, [MS-SMB2] 2.2.20. The data is a buffer slice (not copied again): the
 * response for a large read is built around it.
 */
public record ReadResponse(ByteBuffer data) implements Smb2Body {
    public static final int DATA_OFFSET = Smb2Header.SIZE + 16;

    public static ReadResponse decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(17, "READ response");
        int offset = r.u8();
        r.skip(1);
        int length = r.u32Int("DataLength");
        return new ReadResponse(ByteBuffer.wrap(r.slice(offset, length, "Data")));
    }

    @Override
    public void encode(ByteBuffer out) {
        encodeFixed(out);
        out.put(data.duplicate());
    }

    /**
     * Writes the 16 bytes in front of the data only: for a response whose data already sits in the
     * outgoing buffer at {@link #DATA_OFFSET}.
     */
    public void encodeFixed(ByteBuffer out) {
        out.putShort((short) 17);                  // StructureSize (2)
        out.put((byte) DATA_OFFSET);               // DataOffset (1)
        out.put((byte) 0);                         // Reserved (1)
        out.putInt(data.remaining());              // DataLength (4)
        out.putInt(0);                             // DataRemaining (4)
        out.putInt(0);                             // Reserved2 (4)
    }
}
