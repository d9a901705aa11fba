package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;

/**
 * One decoded request: its in header, its opcode, its typed body, and its extension area.
 *
 * @param header the fuse_in_header
 * @param opcode the opcode, or {@code null} if unknown (then body is
 *     {@link FuseRequest.Unsupported}: answer ENOSYS)
 * @param body the typed body; {@link FuseRequest.Unsupported} for an unknown opcode or one this
 *     layer does not decode (IOCTL, POLL, BMAP, SETUPMAPPING, REMOVEMAPPING, NOTIFY_REPLY,
 *     CUSE_INIT): answer ENOSYS if {@link #expectsReply()}
 * @param extensions the {@code total_extlen * 8} bytes at the end of the request (security
 *     context, supplementary groups), a slice of the request buffer; empty if none
 */
public record DecodedRequest(FuseInHeader header, FuseOpcode opcode, FuseRequest body,
        ByteBuffer extensions) {

    public long unique() {
        return header.unique();
    }

    public long nodeid() {
        return header.nodeid();
    }

    /** Whether this request must be answered (unknown opcodes: yes, with ENOSYS). */
    public boolean expectsReply() {
        return opcode == null || opcode.expectsReply();
    }

    /** Whether the caller should answer ENOSYS (if {@link #expectsReply()}). */
    public boolean unsupported() {
        return body instanceof FuseRequest.Unsupported;
    }
}
