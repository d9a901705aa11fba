package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * SRV_REQUEST_RESUME_KEY Response, [MS-SMB2] 2.2.32.3: the key naming an open as a copy source.
 * The context is 4 zero bytes with a ContextLength of 0, as Windows sends it (note 2 of 2.2.32.3),
 * which clients parse as a fixed 32-byte structure.
 */
public record ResumeKeyResponse(byte[] resumeKey) {
    public static final int SIZE = CopyChunkRequest.KEY_SIZE + 8;

    public ResumeKeyResponse {
        resumeKey = Wire.exactly(resumeKey, CopyChunkRequest.KEY_SIZE, "ResumeKey");
    }

    @Override
    public byte[] resumeKey() {
        return resumeKey.clone();
    }

    public static ResumeKeyResponse decode(byte[] output) {
        WireReader r = WireReader.at(ByteBuffer.wrap(output), 0);
        byte[] key = r.bytes(CopyChunkRequest.KEY_SIZE);
        r.u32();
        r.skip(4);
        return new ResumeKeyResponse(key);
    }

    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        out.put(resumeKey);                        // ResumeKey (24)
        out.putInt(0);                             // ContextLength (4)
        out.putInt(0);                             // Context (4)
        return out.array();
    }
}
