package io.handlefs.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handlefs.codec.HandleDecodeException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HandleCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Key bytes 00..1f. */
    private static final byte[] KEY = HEX.parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    /** An ext4 FILEID_INO32_GEN handle: inode 12, generation 42. */
    private static final FileHandle GOLDEN_HANDLE =
            new FileHandle(0x11223344, 0x0123456789abcdefL, 1, HEX.parseHex("0c0000002a000000"));

    // Frozen vectors, computed outside Java (Python hmac/hashlib) so that they check the format
    // and not only this implementation's agreement with itself.
    private static final String GOLDEN_WIRE = "6846" + "01" + "00" + "44332211" + "efcdab8967452301"
            + "01000000" + "08" + "0c0000002a000000" + "b45dbd05bca875cebee0da395d88d0f2";

    /** Key 16 x 0x42, all-ones export id and type, fsid with only the sign bit, 128 bytes 01..80. */
    private static final byte[] KEY_16 = HEX.parseHex("42424242424242424242424242424242");
    private static final String GOLDEN_WIRE_MAX = "68460100ffffffff0000000000000080ffffffff80"
            + "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
            + "2122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40"
            + "4142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f60"
            + "6162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f80"
            + "9b52a6114c0f6eb366e18e1da5d740d7";

    private final HandleCodec codec = new HandleCodec(KEY);

    private static FileHandle maxHandle() {
        byte[] bytes = new byte[128];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i + 1);
        }
        return new FileHandle(-1, Long.MIN_VALUE, -1, bytes);
    }

    private Reason reasonOf(byte[] wire) {
        return assertThrows(HandleDecodeException.class, () -> codec.decode(wire)).reason();
    }

    @Test
    void goldenEncode() {
        assertEquals(GOLDEN_WIRE, HEX.formatHex(codec.encode(GOLDEN_HANDLE)));
        assertEquals(GOLDEN_WIRE_MAX, HEX.formatHex(new HandleCodec(KEY_16).encode(maxHandle())));
    }

    @Test
    void goldenDecode() throws HandleDecodeException {
        assertEquals(GOLDEN_HANDLE, codec.decode(HEX.parseHex(GOLDEN_WIRE)));
        assertEquals(maxHandle(), new HandleCodec(KEY_16).decode(HEX.parseHex(GOLDEN_WIRE_MAX)));
    }

    @Test
    void wireLengthBounds() {
        assertEquals(38, HandleCodec.MIN_WIRE_BYTES);
        assertEquals(165, HandleCodec.MAX_WIRE_BYTES);
        assertEquals(HandleCodec.MIN_WIRE_BYTES, codec.encode(new FileHandle(0, 0, 0, new byte[1])).length);
        assertEquals(HandleCodec.MAX_WIRE_BYTES, codec.encode(maxHandle()).length);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8, 128})
    void roundTrip(int handleLength) throws HandleDecodeException {
        Random random = new Random(handleLength);
        for (int i = 0; i < 100; i++) {
            byte[] bytes = new byte[handleLength];
            random.nextBytes(bytes);
            FileHandle h = new FileHandle(random.nextInt(), random.nextLong(), random.nextInt(), bytes);
            byte[] wire = codec.encode(h);
            assertEquals(37 + handleLength, wire.length);
            assertEquals(h, codec.decode(wire));
        }
    }

    @Test
    void secretShorterThan16BytesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HandleCodec(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new HandleCodec(new byte[15]));
        assertThrows(NullPointerException.class, () -> new HandleCodec(null));
        new HandleCodec(new byte[16]);
    }

    @Test
    void secretIsCopied() {
        byte[] key = KEY.clone();
        HandleCodec c = new HandleCodec(key);
        Arrays.fill(key, (byte) 0);
        assertEquals(GOLDEN_WIRE, HEX.formatHex(c.encode(GOLDEN_HANDLE)));
    }

    @Test
    void newSecretIs32RandomBytes() throws HandleDecodeException {
        byte[] a = HandleCodec.newSecret();
        byte[] b = HandleCodec.newSecret();
        assertEquals(32, a.length);
        assertFalse(Arrays.equals(a, b));
        HandleCodec c = new HandleCodec(a);
        assertEquals(GOLDEN_HANDLE, c.decode(c.encode(GOLDEN_HANDLE)));
    }

    @Test
    void truncatedAtEveryLength() {
        for (FileHandle h : List.of(GOLDEN_HANDLE, new FileHandle(1, 2, 3, new byte[1]), maxHandle())) {
            byte[] wire = codec.encode(h);
            for (int n = 0; n < wire.length; n++) {
                assertEquals(Reason.TRUNCATED, reasonOf(Arrays.copyOf(wire, n)), "cut at " + n);
            }
        }
    }

    @Test
    void oversized() {
        byte[] wire = Arrays.copyOf(codec.encode(maxHandle()), HandleCodec.MAX_WIRE_BYTES + 1);
        assertEquals(Reason.OVERSIZED, reasonOf(wire));
        assertEquals(Reason.OVERSIZED, reasonOf(new byte[1 << 20]));
    }

    @Test
    void trailingBytesWithinBoundAreBadFormat() {
        byte[] wire = Arrays.copyOf(HEX.parseHex(GOLDEN_WIRE), GOLDEN_WIRE.length() / 2 + 1);
        assertEquals(Reason.BAD_FORMAT, reasonOf(wire));
    }

    @Test
    void badMagic() {
        for (int i = 0; i < 2; i++) {
            byte[] wire = HEX.parseHex(GOLDEN_WIRE);
            wire[i] ^= 0x20; // "Hf": the case-folded magic is not ours either
            assertEquals(Reason.BAD_MAGIC, reasonOf(wire));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 0x81, 0xff})
    void badVersion(int version) {
        byte[] wire = HEX.parseHex(GOLDEN_WIRE);
        wire[2] = (byte) version;
        assertEquals(Reason.BAD_VERSION, reasonOf(wire));
    }

    @Test
    void nonzeroReservedByte() {
        for (int bit = 0; bit < 8; bit++) {
            byte[] wire = HEX.parseHex(GOLDEN_WIRE);
            wire[3] = (byte) (1 << bit);
            assertEquals(Reason.BAD_FORMAT, reasonOf(wire), "bit " + bit);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 129, 0xff})
    void handleLengthOutOfRange(int handleLength) {
        byte[] wire = codec.encode(maxHandle());
        wire[20] = (byte) handleLength;
        assertEquals(Reason.BAD_FORMAT, reasonOf(wire));
    }

    /** Every single-bit change is refused, and by the check that owns that byte. */
    @Test
    void everyFlippedBitIsRefused() {
        byte[] golden = HEX.parseHex(GOLDEN_WIRE);
        for (int i = 0; i < golden.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] wire = golden.clone();
                wire[i] ^= (byte) (1 << bit);
                Reason expected;
                if (i < 2) {
                    expected = Reason.BAD_MAGIC;
                } else if (i == 2) {
                    expected = Reason.BAD_VERSION;
                } else if (i == 3) {
                    expected = Reason.BAD_FORMAT;
                } else if (i == 20) {
                    int length = Byte.toUnsignedInt(wire[20]);
                    expected = length > 8 && length <= 128 ? Reason.TRUNCATED : Reason.BAD_FORMAT;
                } else {
                    expected = Reason.BAD_MAC;
                }
                assertEquals(expected, reasonOf(wire), "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void anotherKeysTagIsRefused() {
        byte[] otherKey = KEY.clone();
        otherKey[31] ^= 1;
        byte[] wire = new HandleCodec(otherKey).encode(GOLDEN_HANDLE);
        assertEquals(Reason.BAD_MAC, reasonOf(wire));
    }

    @Test
    void messageNamesReasonAndLengthsButNoSecret() {
        byte[] wire = HEX.parseHex(GOLDEN_WIRE);
        wire[wire.length - 1] ^= 1;
        HandleDecodeException e = assertThrows(HandleDecodeException.class, () -> codec.decode(wire));
        assertTrue(e.getMessage().contains("BAD_MAC"), e.getMessage());
        assertTrue(e.getMessage().contains("45"), e.getMessage());
        String lower = e.getMessage().toLowerCase();
        assertFalse(lower.contains(HEX.formatHex(KEY, 0, 4)), e.getMessage());
        assertFalse(lower.contains(GOLDEN_WIRE.substring(GOLDEN_WIRE.length() - 8)), e.getMessage());

        HandleDecodeException cut = assertThrows(HandleDecodeException.class,
                () -> codec.decode(Arrays.copyOf(wire, 40)));
        assertEquals("TRUNCATED: wire handle of 40 bytes, its 8-byte kernel handle needs exactly 45",
                cut.getMessage());
    }

    @Test
    void randomBytesOnlyEverFailTyped() {
        Random random = new Random(0x68616e646c65L);
        for (int i = 0; i < 10_000; i++) {
            byte[] wire = new byte[random.nextInt(HandleCodec.MAX_WIRE_BYTES + 40)];
            random.nextBytes(wire);
            assertThrows(HandleDecodeException.class, () -> codec.decode(wire), "input " + i);
        }
    }

    /** Random bytes behind a valid header, so that they reach the length and tag checks. */
    @Test
    void randomBodiesBehindAValidHeaderOnlyEverFailTyped() {
        Random random = new Random(0x6846L);
        int[] seen = new int[Reason.values().length];
        for (int i = 0; i < 10_000; i++) {
            byte[] wire = new byte[HandleCodec.MIN_WIRE_BYTES
                    + random.nextInt(HandleCodec.MAX_WIRE_BYTES - HandleCodec.MIN_WIRE_BYTES + 1)];
            random.nextBytes(wire);
            wire[0] = 'h';
            wire[1] = 'F';
            wire[2] = 1;
            wire[3] = 0;
            if (random.nextBoolean()) {
                wire[20] = (byte) (wire.length - 37); // consistent length: only the tag is wrong
            }
            seen[assertThrows(HandleDecodeException.class, () -> codec.decode(wire), "input " + i)
                    .reason().ordinal()]++;
        }
        assertNotEquals(0, seen[Reason.TRUNCATED.ordinal()]);
        assertNotEquals(0, seen[Reason.BAD_FORMAT.ordinal()]);
        assertNotEquals(0, seen[Reason.BAD_MAC.ordinal()]);
    }

    @Test
    void sharedAcrossThreads() throws Exception {
        Random random = new Random(4);
        List<FileHandle> handles = new ArrayList<>();
        List<byte[]> wires = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] bytes = new byte[1 + random.nextInt(128)];
            random.nextBytes(bytes);
            FileHandle h = new FileHandle(random.nextInt(), random.nextLong(), random.nextInt(), bytes);
            handles.add(h);
            wires.add(codec.encode(h));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < handles.size(); i++) {
                            assertArrayEquals(wires.get(i), codec.encode(handles.get(i)));
                            assertEquals(handles.get(i), codec.decode(wires.get(i)));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
