package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2 SESSION_SETUP Response, [MS-SMB2] 2.2.6. */
public record SessionSetupResponse(int sessionFlags, byte[] securityBuffer) implements Smb2Body {
    public static final int FLAG_IS_GUEST = 0x1;
    public static final int FLAG_IS_NULL = 0x2;
    public static final int FLAG_ENCRYPT_DATA = 0x4;

    public SessionSetupResponse {
        securityBuffer = securityBuffer.clone();
    }

    @Override
    public byte[] securityBuffer() {
        return securityBuffer.clone();
    }

    public static SessionSetupResponse decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(9, "SESSION_SETUP response");
        int flags = r.u16();
        int offset = r.u16();
        int length = r.u16();
        return new SessionSetupResponse(flags, r.slice(offset, length, "SecurityBuffer"));
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 9);                   // StructureSize (2)
        out.putShort((short) sessionFlags);        // SessionFlags (2)
        out.putShort((short) (Smb2Header.SIZE + 8)); // SecurityBufferOffset (2)
        out.putShort((short) securityBuffer.length); // SecurityBufferLength (2)
        out.put(securityBuffer.length == 0 ? new byte[1] : securityBuffer);
    }
}
