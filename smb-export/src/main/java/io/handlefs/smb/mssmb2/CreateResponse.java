package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.util.List;

/** SMB2 CREATE Response, [MS-SMB2] 2.2.14. */
public record CreateResponse(int oplockLevel, int createAction, FileStat stat, FileId fileId,
                             List<CreateContext> contexts) implements Smb2Body {
    public static final int SUPERSEDED = 0;
    public static final int OPENED = 1;
    public static final int CREATED = 2;
    public static final int OVERWRITTEN = 3;

    public CreateResponse {
        contexts = List.copyOf(contexts);
    }

    public static CreateResponse decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(89, "CREATE response");
        int oplock = r.u8();
        r.skip(1);
        int action = r.bits32();
        FileStat stat = FileStat.decode(r);
        r.skip(4);
        FileId id = FileId.decode(r);
        long offset = r.u32();
        long length = r.u32();
        return new CreateResponse(oplock, action, stat, id, CreateContext.decodeList(message, offset, length));
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 89);                  // StructureSize (2)
        out.put((byte) oplockLevel);               // OplockLevel (1)
        out.put((byte) 0);                         // Flags (1)
        out.putInt(createAction);                  // CreateAction (4)
        stat.encode(out);                          // times, sizes, FileAttributes (52)
        out.putInt(0);                             // Reserved2 (4)
        fileId.encode(out);                        // FileId (16)
        int contextFields = out.position();
        out.putInt(0).putInt(0);                   // CreateContextsOffset (4), CreateContextsLength (4)
        if (contexts.isEmpty()) {
            out.put((byte) 0);
        } else {
            int at = out.position();
            out.putInt(contextFields, at).putInt(contextFields + 4, CreateContext.encodeList(out, contexts));
        }
    }
}
