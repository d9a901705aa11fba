package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.util.List;

/** SMB2 NEGOTIATE Response, [MS-SMB2] 2.2.4. Contexts are sent only for dialect 3.1.1. */
public record NegotiateResponse(int securityMode, int dialect, byte[] serverGuid, int capabilities,
                                int maxTransactSize, int maxReadSize, int maxWriteSize, long systemTime,
                                long serverStartTime, byte[] securityBuffer, List<NegotiateContext> contexts)
        implements Smb2Body {
    public static final int SIGNING_ENABLED = 0x1;
    public static final int SIGNING_REQUIRED = 0x2;
    public static final int CAP_DFS = 0x1;
    public static final int CAP_LEASING = 0x2;
    public static final int CAP_LARGE_MTU = 0x4;
    public static final int CAP_MULTI_CHANNEL = 0x8;
    public static final int CAP_PERSISTENT_HANDLES = 0x10;
    public static final int CAP_ENCRYPTION = 0x40;

    public NegotiateResponse {
        serverGuid = serverGuid.clone();
        securityBuffer = securityBuffer.clone();
        contexts = List.copyOf(contexts);
    }

    @Override
    public byte[] serverGuid() {
        return serverGuid.clone();
    }

    @Override
    public byte[] securityBuffer() {
        return securityBuffer.clone();
    }

    public static NegotiateResponse decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(65, "NEGOTIATE response");
        int securityMode = r.u16();
        int dialect = r.u16();
        int contextCount = r.u16();
        byte[] guid = r.bytes(16);
        int capabilities = r.bits32();
        int maxTransact = r.bits32();
        int maxRead = r.bits32();
        int maxWrite = r.bits32();
        long systemTime = r.u64();
        long startTime = r.u64();
        int blobOffset = r.u16();
        int blobLength = r.u16();
        long contextOffset = r.u32();
        byte[] blob = r.slice(blobOffset, blobLength, "SecurityBuffer");
        List<NegotiateContext> contexts = dialect == NegotiateRequest.DIALECT_311 && contextCount > 0
                ? NegotiateContext.decodeList(message, contextOffset, contextCount) : List.of();
        return new NegotiateResponse(securityMode, dialect, guid, capabilities, maxTransact, maxRead, maxWrite,
                systemTime, startTime, blob, contexts);
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 65);                  // StructureSize (2)
        out.putShort((short) securityMode);        // SecurityMode (2)
        out.putShort((short) dialect);             // DialectRevision (2)
        out.putShort((short) contexts.size());     // NegotiateContextCount (2)
        out.put(serverGuid);                       // ServerGuid (16)
        out.putInt(capabilities);                  // Capabilities (4)
        out.putInt(maxTransactSize);               // MaxTransactSize (4)
        out.putInt(maxReadSize);                   // MaxReadSize (4)
        out.putInt(maxWriteSize);                  // MaxWriteSize (4)
        out.putLong(systemTime);                   // SystemTime (8)
        out.putLong(serverStartTime);              // ServerStartTime (8)
        out.putShort((short) (Smb2Header.SIZE + 64)); // SecurityBufferOffset (2): right after this fixed part
        out.putShort((short) securityBuffer.length); // SecurityBufferLength (2)
        int offsetField = out.position();
        out.putInt(0);                             // NegotiateContextOffset (4), patched below
        out.put(securityBuffer);
        if (!contexts.isEmpty()) {
            Wire.pad(out, 8);
            out.putInt(offsetField, out.position());
            NegotiateContext.encodeList(out, contexts);
        }
    }
}
