package io.handlefs.lookup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A listxattr result: names, each ending in NUL, back to back. */
final class XattrNames {
    private XattrNames() {}

    /**
     * Removes the names starting with prefix from buf[start, start + len), moving the rest down
     * in place; returns the new length. A trailing name without its NUL is kept as it is.
     */
    static int dropPrefix(ByteBuffer buf, int start, int len, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.ISO_8859_1);
        int end = start + len;
        int write = start;
        int read = start;
        while (read < end) {
            int nul = read;
            while (nul < end && buf.get(nul) != 0) {
                nul++;
            }
            int next = Math.min(nul + 1, end);
            if (!startsWith(buf, read, nul, p)) {
                for (int i = read; i < next; i++) {
                    buf.put(write++, buf.get(i));
                }
            }
            read = next;
        }
        return write - start;
    }

    private static boolean startsWith(ByteBuffer buf, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf.get(from + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
