package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * SRV_COPYCHUNK_COPY, [MS-SMB2] 2.2.31.1: the input of FSCTL_SRV_COPYCHUNK and
 * FSCTL_SRV_COPYCHUNK_WRITE, the source's resume key and the ranges to copy (2.2.31.1.1).
 */
public record CopyChunkRequest(byte[] sourceKey, List<Chunk> chunks) {
    public static final int KEY_SIZE = 24;
    private static final int FIXED_SIZE = KEY_SIZE + 8;
    private static final int CHUNK_SIZE = 24;

    /** SRV_COPYCHUNK: a range of the source copied to the target. */
    public record Chunk(long sourceOffset, long targetOffset, long length) {}

    public CopyChunkRequest {
        sourceKey = Wire.exactly(sourceKey, KEY_SIZE, "SourceKey");
        chunks = List.copyOf(chunks);
    }

    @Override
    public byte[] sourceKey() {
        return sourceKey.clone();
    }

    /** Decodes the IOCTL input; a ChunkCount the input does not hold is truncation, not a count to trust. */
    public static CopyChunkRequest decode(byte[] input) {
        ByteBuffer b = ByteBuffer.wrap(input);
        WireReader r = WireReader.at(b, 0);
        byte[] key = r.bytes(KEY_SIZE);
        long count = r.u32();
        r.skip(4);
        if (count > (input.length - FIXED_SIZE) / CHUNK_SIZE) {
            throw new SmbDecodeException(SmbDecodeException.Kind.TRUNCATED,
                    "ChunkCount " + count + " in " + input.length + " bytes");
        }
        List<Chunk> chunks = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            long source = r.u64();
            long target = r.u64();
            long length = r.u32();
            r.skip(4);
            chunks.add(new Chunk(source, target, length));
        }
        return new CopyChunkRequest(key, chunks);
    }

    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(FIXED_SIZE + CHUNK_SIZE * chunks.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.put(sourceKey);                        // SourceKey (24)
        out.putInt(chunks.size());                 // ChunkCount (4)
        out.putInt(0);                             // Reserved (4)
        for (Chunk c : chunks) {
            out.putLong(c.sourceOffset());         // SourceOffset (8)
            out.putLong(c.targetOffset());         // TargetOffset (8)
            out.putInt((int) c.length());          // Length (4)
            out.putInt(0);                         // Reserved (4)
        }
        return out.array();
    }
}
