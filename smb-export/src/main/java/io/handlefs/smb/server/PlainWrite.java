package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.Command;
import io.handlefs.smb.mssmb2.Smb2Header;
import io.netty.buffer.ByteBuf;

/**
 * Recognizes a frame that is one plain SMB2 WRITE: not encrypted, not compounded, not signed,
 * its data direct memory running from after its fixed part to the frame's end. Such a WRITE's data
 * needs no decoding: it is written from the received buffers as they are.
 */
final class PlainWrite {
    /** The SMB2 header and the WRITE request's fixed part: what must be at hand to recognize one. */
    static final int FIXED_END = Smb2Header.SIZE + 48;

    private PlainWrite() {}

    /**
     * Where the data starts in a frame of {@code size} bytes at {@code base} of {@code buf} (which
     * holds at least its first {@link #FIXED_END} bytes) if the frame is a plain WRITE; else -1.
     */
    static int dataOffset(ByteBuf buf, int base, int size) {
        if (size <= FIXED_END || !buf.isDirect()
                || buf.getIntLE(base) != Smb2Header.PROTOCOL_ID
                || buf.getUnsignedShortLE(base + 12) != Command.WRITE.code()
                || (buf.getIntLE(base + 16) & (Smb2Header.FLAG_SIGNED | Smb2Header.FLAG_RESPONSE)) != 0
                || buf.getIntLE(base + 20) != 0
                || buf.getUnsignedShortLE(base + Smb2Header.SIZE) != 49) {
            return -1;
        }
        int dataOffset = buf.getUnsignedShortLE(base + Smb2Header.SIZE + 2);
        long length = buf.getUnsignedIntLE(base + Smb2Header.SIZE + 4);
        return dataOffset >= FIXED_END && dataOffset + length == size ? dataOffset : -1;
    }
}
