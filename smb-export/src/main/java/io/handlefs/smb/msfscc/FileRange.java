package io.handlefs.smb.msfscc;

import io.handlefs.smb.mssmb2.SmbDecodeException;
import io.handlefs.smb.mssmb2.WireReader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Two signed 64-bit file offsets: FILE_ALLOCATED_RANGE_BUFFER ([MS-FSCC] 2.3.52: FileOffset,
 * Length) and FILE_ZERO_DATA_INFORMATION (2.3.85: FileOffset, BeyondFinalZero) have this layout.
 * Bytes after the 16 are ignored, as Windows ignores them.
 */
public record FileRange(long first, long second) {
    public static final int SIZE = 16;

    public static FileRange decode(byte[] input) {
        if (input.length < SIZE) {
            throw new SmbDecodeException(SmbDecodeException.Kind.TRUNCATED, "file range of " + input.length + " bytes");
        }
        WireReader r = WireReader.at(ByteBuffer.wrap(input), 0);
        return new FileRange(r.u64(), r.u64());
    }

    public void encode(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(first);                        // FileOffset (8)
        out.putLong(second);                       // Length or BeyondFinalZero (8)
    }
}
