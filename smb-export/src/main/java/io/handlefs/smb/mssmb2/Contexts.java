package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** What the decoders of create context data share: the exact-length check and a reader over the data. */
final class Contexts {
    private Contexts() {}

    /** A context whose data is not exactly its structure's size is malformed (STATUS_INVALID_PARAMETER). */
    static void exactLength(String name, byte[] data, int size) {
        if (data.length != size) {
            throw new SmbDecodeException(data.length < size ? SmbDecodeException.Kind.TRUNCATED
                    : SmbDecodeException.Kind.TOO_LARGE, name + " context of " + data.length + " bytes, not " + size);
        }
    }

    static WireReader reader(byte[] data) {
        return WireReader.at(ByteBuffer.wrap(data), 0);
    }
}
