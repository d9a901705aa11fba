package io.handlefs.smb.server;

import io.netty.buffer.ByteBuf;

/**
 * A lone plain WRITE handed on in parts while its frame is still arriving ({@link FrameDecoder}):
 * first its {@link Head}, then its data in {@link Data} pieces, in order, as they are received.
 * Whoever takes a part owns (releases) its bytes.
 */
sealed interface StreamedWrite {
    ByteBuf bytes();

    /** The frame up to where the data starts (SMB2 header and WRITE fixed part); dataLength bytes follow. */
    record Head(ByteBuf bytes, int dataLength) implements StreamedWrite {}

    /** The next received piece of the data. */
    record Data(ByteBuf bytes) implements StreamedWrite {}

    /** The bytes a frame or part holds (what {@link ReadLimit} counts). */
    static int size(Object msg) {
        return msg instanceof StreamedWrite part ? part.bytes().readableBytes() : ((ByteBuf) msg).readableBytes();
    }
}
