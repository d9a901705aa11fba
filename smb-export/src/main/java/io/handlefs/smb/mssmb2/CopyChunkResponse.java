package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * SRV_COPYCHUNK_RESPONSE, [MS-SMB2] 2.2.32.1: what a server-side copy did, or, with
 * STATUS_INVALID_PARAMETER, the server's limits (3.3.5.15.6).
 */
public record CopyChunkResponse(long chunksWritten, long chunkBytesWritten, long totalBytesWritten) {
    public static final int SIZE = 12;

    public static CopyChunkResponse decode(byte[] output) {
        WireReader r = WireReader.at(ByteBuffer.wrap(output), 0);
        return new CopyChunkResponse(r.u32(), r.u32(), r.u32());
    }

    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt((int) chunksWritten);           // ChunksWritten (4)
        out.putInt((int) chunkBytesWritten);       // ChunkBytesWritten (4)
        out.putInt((int) totalBytesWritten);       // TotalBytesWritten (4)
        return out.array();
    }
}
