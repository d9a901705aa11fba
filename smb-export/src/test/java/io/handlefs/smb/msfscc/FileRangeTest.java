package io.handlefs.smb.msfscc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.handlefs.smb.mssmb2.SmbDecodeException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** FILE_ALLOCATED_RANGE_BUFFER / FILE_ZERO_DATA_INFORMATION ([MS-FSCC] 2.3.52, 2.3.85). */
class FileRangeTest {
    @Test
    void goldenVectorAndRoundTrip() {
        ByteBuffer b = ByteBuffer.allocate(FileRange.SIZE);
        new FileRange(0x1000, 0x20000).encode(b);
        assertEquals("0010000000000000" + "0000020000000000", HexFormat.of().formatHex(b.array()));
        assertEquals(new FileRange(0x1000, 0x20000), FileRange.decode(b.array()));
    }

    @Test
    void truncatedIsTypedAndExtraBytesAreIgnored() {
        ByteBuffer b = ByteBuffer.allocate(FileRange.SIZE);
        new FileRange(1, 2).encode(b);
        for (int n = 0; n < FileRange.SIZE; n++) {
            byte[] cut = Arrays.copyOf(b.array(), n);
            assertEquals(SmbDecodeException.Kind.TRUNCATED,
                    assertThrows(SmbDecodeException.class, () -> FileRange.decode(cut)).kind());
        }
        assertEquals(new FileRange(1, 2), FileRange.decode(Arrays.copyOf(b.array(), 4096)));
    }

    @Test
    void hostileValuesDecodeAsTheSignedNumbersTheHandlerRefuses() {
        byte[] all = new byte[FileRange.SIZE];
        Arrays.fill(all, (byte) 0xff);
        assertEquals(new FileRange(-1, -1), FileRange.decode(all));
    }
}
