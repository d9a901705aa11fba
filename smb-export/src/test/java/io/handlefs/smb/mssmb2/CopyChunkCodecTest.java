package io.handlefs.smb.mssmb2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SRV_COPYCHUNK_COPY, SRV_COPYCHUNK_RESPONSE and the resume key response ([MS-SMB2] 2.2.31.1, 2.2.32.1, 2.2.32.3). */
class CopyChunkCodecTest {
    private static final byte[] KEY = new byte[24];

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) (i + 1);
        }
    }

    @Test
    void copyChunkGoldenVector() {
        CopyChunkRequest c = new CopyChunkRequest(KEY, List.of(new CopyChunkRequest.Chunk(0x1000, 0x2000, 0x300)));
        byte[] wire = c.encode();
        assertEquals("0102030405060708090a0b0c0d0e0f101112131415161718" // SourceKey
                + "01000000" + "00000000"                                  // ChunkCount, Reserved
                + "0010000000000000" + "0020000000000000" + "00030000" + "00000000", HexFormat.of().formatHex(wire));
        CopyChunkRequest back = CopyChunkRequest.decode(wire);
        assertArrayEquals(KEY, back.sourceKey());
        assertEquals(c.chunks(), back.chunks());
    }

    @Test
    void truncatedCopyChunkIsATypedError() {
        byte[] wire = new CopyChunkRequest(KEY, List.of(new CopyChunkRequest.Chunk(1, 2, 3))).encode();
        for (int n = 0; n < wire.length; n++) {
            byte[] cut = Arrays.copyOf(wire, n);
            assertThrows(SmbDecodeException.class, () -> CopyChunkRequest.decode(cut), "cut at " + n);
        }
    }

    @Test
    void aChunkCountTheInputDoesNotHoldIsRefusedBeforeAnythingIsAllocated() {
        byte[] wire = new CopyChunkRequest(KEY, List.of()).encode();
        wire[24] = (byte) 0xff;
        wire[25] = (byte) 0xff;
        wire[26] = (byte) 0xff;
        wire[27] = (byte) 0x7f;
        SmbDecodeException e = assertThrows(SmbDecodeException.class, () -> CopyChunkRequest.decode(wire));
        assertEquals(SmbDecodeException.Kind.TRUNCATED, e.kind());
    }

    @Test
    void trailingBytesAfterTheChunksAreIgnoredAndAMaximalLengthSurvives() {
        byte[] wire = Arrays.copyOf(new CopyChunkRequest(KEY,
                List.of(new CopyChunkRequest.Chunk(0, 0, 0xffffffffL))).encode(), 80);
        assertEquals(0xffffffffL, CopyChunkRequest.decode(wire).chunks().get(0).length());
    }

    @Test
    void copyChunkResponseAndResumeKeyRoundTrip() {
        CopyChunkResponse r = new CopyChunkResponse(256, 1 << 20, 16 << 20);
        assertEquals("00010000" + "00001000" + "00000001", HexFormat.of().formatHex(r.encode()));
        assertEquals(r, CopyChunkResponse.decode(r.encode()));
        assertThrows(SmbDecodeException.class, () -> CopyChunkResponse.decode(new byte[11]));

        byte[] key = new ResumeKeyResponse(KEY).encode();
        assertEquals(32, key.length);
        assertArrayEquals(KEY, ResumeKeyResponse.decode(key).resumeKey());
        assertThrows(SmbDecodeException.class, () -> ResumeKeyResponse.decode(Arrays.copyOf(key, 27)));
        assertThrows(IllegalArgumentException.class, () -> new ResumeKeyResponse(new byte[23]));
    }
}
