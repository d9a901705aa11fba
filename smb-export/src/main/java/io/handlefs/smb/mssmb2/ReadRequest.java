package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2 READ Request, [MS-SMB2] 2.2.19 (no RDMA channel: its fields are read and ignored). */
public record ReadRequest(int padding, int flags, int length, long offset, FileId fileId, int minimumCount)
        implements Smb2Body {
    public static ReadRequest decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(49, "READ");
        int padding = r.u8();
        int flags = r.u8();
        int length = r.u32Int("Length");
        long offset = r.u64();
        FileId id = FileId.decode(r);
        int minimum = r.u32Int("MinimumCount");
        return new ReadRequest(padding, flags, length, offset, id, minimum);
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 49);                  // StructureSize (2)
        out.put((byte) padding);                   // Padding (1)
        out.put((byte) flags);                     // Flags (1)
        out.putInt(length);                        // Length (4)
        out.putLong(offset);                       // Offset (8)
        fileId.encode(out);                        // FileId (16)
        out.putInt(minimumCount);                  // MinimumCount (4)
        out.putInt(0);                             // Channel (4)
        out.putInt(0);                             // RemainingBytes (4)
        out.putShort((short) 0);                   // ReadChannelInfoOffset (2)
        out.putShort((short) 0);                   // ReadChannelInfoLength (2)
        out.put((byte) 0);                         // Buffer (1)
    }
}
