package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/**
 * SMB2 TRANSFORM_HEADER, [MS-SMB2] 2.2.41: what precedes an encrypted message. The 32 bytes from
 * the nonce on are the additional authenticated data; the signature is the cipher's tag.
 */
public record TransformHeader(byte[] signature, byte[] nonce, int originalMessageSize, int flags, long sessionId) {
    public static final int SIZE = 52;
    public static final int PROTOCOL_ID = 0x424D53FD;
    public static final int AAD_OFFSET = 20;
    public static final int FLAG_ENCRYPTED = 0x0001;

    public TransformHeader {
        signature = signature.clone();
        nonce = nonce.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    public static TransformHeader decode(ByteBuffer frame) {
        WireReader r = WireReader.at(frame, 0);
        if (r.bits32() != PROTOCOL_ID) {
            throw new SmbDecodeException(SmbDecodeException.Kind.BAD_VALUE, "not a transform header");
        }
        byte[] signature = r.bytes(16);
        byte[] nonce = r.bytes(16);
        int size = r.u32Int("OriginalMessageSize");
        r.skip(2);
        int flags = r.u16();
        long sessionId = r.u64();
        if (size > frame.limit() - SIZE) {
            throw new SmbDecodeException(SmbDecodeException.Kind.OUT_OF_BOUNDS, "OriginalMessageSize " + size);
        }
        return new TransformHeader(signature, nonce, size, flags, sessionId);
    }

    public void encode(ByteBuffer out) {
        out.putInt(PROTOCOL_ID);                   // ProtocolId (4)
        out.put(signature);                        // Signature (16)
        out.put(nonce);                            // Nonce (16)
        out.putInt(originalMessageSize);           // OriginalMessageSize (4)
        out.putShort((short) 0);                   // Reserved (2)
        out.putShort((short) flags);               // Flags (2)
        out.putLong(sessionId);                    // SessionId (8)
    }
}
