package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;

/** A reply body struct: written little-endian at the buffer's position, advancing it. */
public interface FuseReplyBody {

    /** Bytes {@link #encode} writes. */
    int encodedSize();

    /** Writes the struct at out's position (sets out's byte order to little-endian). */
    void encode(ByteBuffer out);
}
