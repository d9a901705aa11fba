package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** SMB2_CREATE_CONTEXT, [MS-SMB2] 2.2.13.2: a named blob in a CREATE request or response. */
public record CreateContext(String name, byte[] data) {
    public static final String MAXIMAL_ACCESS = "MxAc";
    public static final String QUERY_ON_DISK_ID = "QFid";
    public static final String ALLOCATION_SIZE = "AlSi";
    public static final String EXTENDED_ATTRIBUTES = "ExtA";
    /** SMB2_CREATE_TIMEWARP_TOKEN: open the file as it was in a snapshot ([MS-SMB2] 2.2.13.2.7). */
    public static final String TIMEWARP_TOKEN = "TWrp";
    private static final int MAX_CONTEXTS = 32;

    public CreateContext {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The chain of contexts at {@code offset} (from the header start), {@code length} bytes long. */
    static List<CreateContext> decodeList(ByteBuffer message, long offset, long length) {
        List<CreateContext> list = new ArrayList<>();
        if (length == 0) {
            return list;
        }
        WireReader whole = WireReader.at(ByteBuffer.wrap(WireReader.at(message, 0).slice(offset, length, "CreateContexts")), 0);
        int at = 0;
        for (;;) {
            if (list.size() == MAX_CONTEXTS) {
                throw new SmbDecodeException(SmbDecodeException.Kind.TOO_LARGE, "more than " + MAX_CONTEXTS + " create contexts");
            }
            WireReader r = WireReader.at(ByteBuffer.wrap(whole.slice(at, length - at, "CreateContext")), 0);
            int next = r.u32Int("Next");
            int nameOffset = r.u16();
            int nameLength = r.u16();
            r.skip(2);
            int dataOffset = r.u16();
            int dataLength = r.u32Int("DataLength");
            if (nameLength < 4) {
                // Every defined tag is at least four bytes; Windows refuses shorter ones.
                throw new SmbDecodeException(SmbDecodeException.Kind.BAD_VALUE, "create context name of " + nameLength + " bytes");
            }
            String name = new String(r.slice(nameOffset, nameLength, "Name"), StandardCharsets.ISO_8859_1);
            list.add(new CreateContext(name, r.slice(dataOffset, dataLength, "Data")));
            if (next == 0) {
                return list;
            }
            if (next < 16 || (next & 7) != 0) {
                throw new SmbDecodeException(SmbDecodeException.Kind.BAD_VALUE, "create context Next " + next);
            }
            at += next;
        }
    }

    /** Writes the chain at the (8-aligned) position and returns its length. */
    static int encodeList(ByteBuffer out, List<CreateContext> contexts) {
        int start = out.position();
        for (int i = 0; i < contexts.size(); i++) {
            int at = out.position();
            CreateContext c = contexts.get(i);
            byte[] n = c.name.getBytes(StandardCharsets.ISO_8859_1);
            int dataOffset = Wire.align(16 + n.length, 8);
            out.putInt(0);                          // Next (4), patched below
            out.putShort((short) 16);               // NameOffset (2)
            out.putShort((short) n.length);         // NameLength (2)
            out.putShort((short) 0);                // Reserved (2)
            out.putShort((short) (c.data.length == 0 ? 0 : dataOffset)); // DataOffset (2)
            out.putInt(c.data.length);              // DataLength (4)
            out.put(n);
            Wire.pad(out, 8);
            out.put(c.data);
            if (i + 1 < contexts.size()) {
                Wire.pad(out, 8);
                out.putInt(at, out.position() - at);
            }
        }
        return out.position() - start;
    }

    public static CreateContext find(List<CreateContext> contexts, String name) {
        return contexts.stream().filter(c -> c.name.equals(name)).findFirst().orElse(null);
    }
}
