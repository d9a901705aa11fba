package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** The body of an SMB2 message after its header: what a record writes. */
public interface Smb2Body {
    /**
     * Writes the body at the buffer's position. The buffer is little-endian and its index 0 is the
     * start of this message's SMB2 header, so that offsets written are counted from there.
     */
    void encode(ByteBuffer out);
}
