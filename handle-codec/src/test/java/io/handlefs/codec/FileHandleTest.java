package io.handlefs.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FileHandleTest {
    private static final byte[] BYTES = {12, 0, 0, 0, 42, 0, 0, 0};

    @Test
    void equalityAndHashAreByContent() {
        FileHandle a = new FileHandle(7, 0x1234L, 1, BYTES.clone());
        FileHandle b = new FileHandle(7, 0x1234L, 1, BYTES.clone());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new FileHandle(8, 0x1234L, 1, BYTES));
        assertNotEquals(a, new FileHandle(7, 0x1235L, 1, BYTES));
        assertNotEquals(a, new FileHandle(7, 0x1234L, 2, BYTES));
        byte[] other = BYTES.clone();
        other[7] = 1;
        assertNotEquals(a, new FileHandle(7, 0x1234L, 1, other));
        assertNotEquals(a, new FileHandle(7, 0x1234L, 1, new byte[] {12, 0, 0, 0}));
    }

    @Test
    void copiesHandleBytesInAndOut() {
        byte[] in = BYTES.clone();
        FileHandle h = new FileHandle(7, 0x1234L, 1, in);
        in[0] = 99;
        assertArrayEquals(BYTES, h.handleBytes());
        h.handleBytes()[0] = 99;
        assertArrayEquals(BYTES, h.handleBytes());
    }

    @Test
    void handleLengthMustBe1To128() {
        assertThrows(IllegalArgumentException.class, () -> new FileHandle(7, 0, 1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new FileHandle(7, 0, 1, new byte[129]));
        assertEquals(1, new FileHandle(7, 0, 1, new byte[1]).handleBytes().length);
        assertEquals(128, new FileHandle(7, 0, 1, new byte[128]).handleBytes().length);
    }
}
