package io.handlefs.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RawNamesTest {
    @Test
    void unicodeRoundTrip() {
        String raw = RawNames.fromUnicode("é€");
        assertEquals("\u00c3\u00a9\u00e2\u0082\u00ac", raw);
        assertArrayEquals(new byte[] {(byte) 0xc3, (byte) 0xa9, (byte) 0xe2, (byte) 0x82, (byte) 0xac}, RawNames.bytes(raw));
        assertEquals("é€", RawNames.toUnicode(raw));
        assertTrue(RawNames.isRaw(raw));
        assertFalse(RawNames.isRaw("€"));
    }

    @Test
    void anyBytesRoundTrip() {
        byte[] all = new byte[255];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) (i + 1);
        }
        assertArrayEquals(all, RawNames.bytes(RawNames.of(all)));
        assertEquals("\ufffd", RawNames.toUnicode("\u00ff"));
    }

    @Test
    void wideCharIsNotRaw() {
        assertThrows(IllegalArgumentException.class, () -> RawNames.bytes("€"));
    }
}
