package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.util.List;

/** SMB2 NEGOTIATE Request, [MS-SMB2] 2.2.3. */
public record NegotiateRequest(int securityMode, int capabilities, byte[] clientGuid, int[] dialects,
                               List<NegotiateContext> contexts) implements Smb2Body {
    public static final int DIALECT_202 = 0x0202;
    public static final int DIALECT_210 = 0x0210;
    public static final int DIALECT_300 = 0x0300;
    public static final int DIALECT_302 = 0x0302;
    public static final int DIALECT_311 = 0x0311;
    public static final int DIALECT_WILDCARD = 0x02FF;
    private static final int MAX_DIALECTS = 64;

    public NegotiateRequest {
        clientGuid = clientGuid.clone();
        dialects = dialects.clone();
        contexts = List.copyOf(contexts);
    }

    @Override
    public byte[] clientGuid() {
        return clientGuid.clone();
    }

    @Override
    public int[] dialects() {
        return dialects.clone();
    }

    public static NegotiateRequest decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(36, "NEGOTIATE");
        int count = r.u16();
        if (count == 0 || count > MAX_DIALECTS) {
            throw new SmbDecodeException(SmbDecodeException.Kind.BAD_VALUE, "DialectCount " + count);
        }
        int securityMode = r.u16();
        r.skip(2);
        int capabilities = r.bits32();
        byte[] guid = r.bytes(16);
        long contextOffset = r.u32();
        int contextCount = r.u16();
        r.skip(2);
        int[] dialects = new int[count];
        boolean has311 = false;
        for (int i = 0; i < count; i++) {
            dialects[i] = r.u16();
            has311 |= dialects[i] == DIALECT_311;
        }
        List<NegotiateContext> contexts = has311 && contextCount > 0
                ? NegotiateContext.decodeList(message, contextOffset, contextCount) : List.of();
        return new NegotiateRequest(securityMode, capabilities, guid, dialects, contexts);
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 36);                  // StructureSize (2)
        out.putShort((short) dialects.length);     // DialectCount (2)
        out.putShort((short) securityMode);        // SecurityMode (2)
        out.putShort((short) 0);                   // Reserved (2)
        out.putInt(capabilities);                  // Capabilities (4)
        out.put(clientGuid);                       // ClientGuid (16)
        int offsetField = out.position();
        out.putInt(0);                             // NegotiateContextOffset (4), patched below
        out.putShort((short) contexts.size());     // NegotiateContextCount (2)
        out.putShort((short) 0);                   // Reserved2 (2)
        for (int d : dialects) {
            out.putShort((short) d);               // Dialects (2 each)
        }
        if (!contexts.isEmpty()) {
            Wire.pad(out, 8);
            out.putInt(offsetField, out.position());
            NegotiateContext.encodeList(out, contexts);
        }
    }
}
