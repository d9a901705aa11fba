package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** SMB2 NEGOTIATE_CONTEXT, [MS-SMB2] 2.2.3.1: a typed blob, each one 8-byte aligned. */
public record NegotiateContext(int type, byte[] data) {
    public static final int PREAUTH_INTEGRITY = 0x0001;
    public static final int ENCRYPTION = 0x0002;
    public static final int SIGNING = 0x0008;
    /** More than any client sends: a larger count is hostile. */
    static final int MAX_CONTEXTS = 32;

    public NegotiateContext {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Reads {@code count} contexts starting at {@code offset} (from the header start). */
    static List<NegotiateContext> decodeList(ByteBuffer message, long offset, int count) {
        if (count > MAX_CONTEXTS || offset > message.limit()) {
            throw new SmbDecodeException(SmbDecodeException.Kind.TOO_LARGE, count + " negotiate contexts at " + offset);
        }
        List<NegotiateContext> list = new ArrayList<>(count);
        WireReader r = WireReader.at(message, (int) offset);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                r.skip(Wire.align(r.position(), 8) - r.position());
            }
            int type = r.u16();
            int length = r.u16();
            r.skip(4);
            list.add(new NegotiateContext(type, r.bytes(length)));
        }
        return list;
    }

    /** Writes the contexts at the (8-aligned) position, padding between them. */
    static void encodeList(ByteBuffer out, List<NegotiateContext> contexts) {
        for (int i = 0; i < contexts.size(); i++) {
            if (i > 0) {
                Wire.pad(out, 8);
            }
            NegotiateContext c = contexts.get(i);
            out.putShort((short) c.type);      // ContextType (2)
            out.putShort((short) c.data.length); // DataLength (2)
            out.putInt(0);                     // Reserved (4)
            out.put(c.data);
        }
    }

    /** The u16 list that starts the PREAUTH, ENCRYPTION and SIGNING contexts (count, [salt length], ids). */
    public int[] ids() {
        WireReader r = WireReader.at(ByteBuffer.wrap(data), 0);
        int count = r.u16();
        if (type == PREAUTH_INTEGRITY) {
            r.skip(2);
        }
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = r.u16();
        }
        return ids;
    }
}
