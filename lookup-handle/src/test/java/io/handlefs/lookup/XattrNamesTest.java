package io.handlefs.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XattrNamesTest {

    private static String filter(String list, int start) {
        byte[] bytes = list.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buf = ByteBuffer.allocate(start + bytes.length);
        buf.put(start, bytes);
        int kept = XattrNames.dropPrefix(buf, start, bytes.length, "trusted.");
        byte[] out = new byte[kept];
        buf.get(start, out);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    @Test
    void dropsOnlyTheTrustedNames() {
        assertEquals("user.a\0security.selinux\0user.b\0",
                filter("trusted.x\0user.a\0security.selinux\0trusted.y\0user.b\0", 0));
    }

    @Test
    void worksAtAnOffsetAndOnEmptyLists() {
        assertEquals("user.a\0", filter("user.a\0trusted.\0", 7));
        assertEquals("", filter("", 3));
        assertEquals("", filter("trusted.only\0", 0));
    }

    @Test
    void aNameThatMerelyContainsThePrefixStays() {
        assertEquals("user.trusted.x\0trusted\0", filter("user.trusted.x\0trusted\0", 0));
    }

    @Test
    void anUnterminatedTailIsKeptAsIs() {
        assertEquals("user.a\0user.b", filter("user.a\0user.b", 0));
        assertEquals("user.a\0", filter("user.a\0trusted.b", 0));
    }
}
