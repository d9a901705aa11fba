package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** What the create context records share: their GUID tags, the exact-length check, readers and buffers. */
final class Contexts {
    private Contexts() {}

    /**
     * A context name that is a GUID, written as [MS-SMB2] 2.2.13.2 writes it (the bytes in wire
     * order); names are compared as ISO-8859-1 strings ({@link CreateContext#name()}).
     */
    static String guidTag(String hex) {
        return new String(HexFormat.of().parseHex(hex), StandardCharsets.ISO_8859_1);
    }

    /**
     * A reader over a context's data, which must be exactly its structure's size: anything else
     * is malformed (STATUS_INVALID_PARAMETER).
     */
    static WireReader reader(String name, byte[] data, int size) {
        if (data.length != size) {
            throw new SmbDecodeException(data.length < size ? SmbDecodeException.Kind.TRUNCATED
                    : SmbDecodeException.Kind.TOO_LARGE, name + " context of " + data.length + " bytes, not " + size);
        }
        return reader(data);
    }

    static WireReader reader(byte[] data) {
        return WireReader.at(ByteBuffer.wrap(data), 0);
    }

    /** A little-endian buffer for a context's data. */
    static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
