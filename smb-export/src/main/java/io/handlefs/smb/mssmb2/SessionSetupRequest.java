package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2 SESSION_SETUP Request, [MS-SMB2] 2.2.5. */
public record SessionSetupRequest(int flags, int securityMode, int capabilities, long previousSessionId,
                                  byte[] securityBuffer) implements Smb2Body {
    public static final int FLAG_BINDING = 0x01;

    public SessionSetupRequest {
        securityBuffer = securityBuffer.clone();
    }

    @Override
    public byte[] securityBuffer() {
        return securityBuffer.clone();
    }

    public static SessionSetupRequest decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(25, "SESSION_SETUP");
        int flags = r.u8();
        int securityMode = r.u8();
        int capabilities = r.bits32();
        r.skip(4);
        int offset = r.u16();
        int length = r.u16();
        long previous = r.u64();
        return new SessionSetupRequest(flags, securityMode, capabilities, previous,
                r.slice(offset, length, "SecurityBuffer"));
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 25);                  // StructureSize (2)
        out.put((byte) flags);                     // Flags (1)
        out.put((byte) securityMode);              // SecurityMode (1)
        out.putInt(capabilities);                  // Capabilities (4)
        out.putInt(0);                             // Channel (4)
        out.putShort((short) (Smb2Header.SIZE + 24)); // SecurityBufferOffset (2)
        out.putShort((short) securityBuffer.length); // SecurityBufferLength (2)
        out.putLong(previousSessionId);            // PreviousSessionId (8)
        out.put(securityBuffer);
    }
}
