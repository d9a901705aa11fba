package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.util.List;

/** SMB2 CREATE Request, [MS-SMB2] 2.2.13. The name is relative to the share root, backslash-separated. */
public record CreateRequest(int oplockLevel, int impersonationLevel, int desiredAccess, int fileAttributes,
                            int shareAccess, int disposition, int options, String name,
                            List<CreateContext> contexts) implements Smb2Body {
    public static final int SUPERSEDE = 0;
    public static final int OPEN = 1;
    public static final int CREATE = 2;
    public static final int OPEN_IF = 3;
    public static final int OVERWRITE = 4;
    public static final int OVERWRITE_IF = 5;

    public static final int OPT_DIRECTORY_FILE = 0x1;
    public static final int OPT_NON_DIRECTORY_FILE = 0x40;
    public static final int OPT_DELETE_ON_CLOSE = 0x1000;
    public static final int OPT_OPEN_BY_FILE_ID = 0x2000;
    public static final int OPT_OPEN_REPARSE_POINT = 0x200000;

    public CreateRequest {
        contexts = List.copyOf(contexts);
    }

    public static CreateRequest decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(57, "CREATE");
        r.skip(1);
        int oplock = r.u8();
        int impersonation = r.bits32();
        r.skip(16);
        int access = r.bits32();
        int attributes = r.bits32();
        int share = r.bits32();
        int disposition = r.bits32();
        int options = r.bits32();
        int nameOffset = r.u16();
        int nameLength = r.u16();
        long contextOffset = r.u32();
        long contextLength = r.u32();
        String name = r.utf16(nameOffset, nameLength, "Name");
        return new CreateRequest(oplock, impersonation, access, attributes, share, disposition, options, name,
                CreateContext.decodeList(message, contextOffset, contextLength));
    }

    @Override
    public void encode(ByteBuffer out) {
        byte[] n = Wire.utf16(name);
        out.putShort((short) 57);                  // StructureSize (2)
        out.put((byte) 0);                         // SecurityFlags (1)
        out.put((byte) oplockLevel);               // RequestedOplockLevel (1)
        out.putInt(impersonationLevel);            // ImpersonationLevel (4)
        out.putLong(0);                            // SmbCreateFlags (8)
        out.putLong(0);                            // Reserved (8)
        out.putInt(desiredAccess);                 // DesiredAccess (4)
        out.putInt(fileAttributes);                // FileAttributes (4)
        out.putInt(shareAccess);                   // ShareAccess (4)
        out.putInt(disposition);                   // CreateDisposition (4)
        out.putInt(options);                       // CreateOptions (4)
        out.putShort((short) (Smb2Header.SIZE + 56)); // NameOffset (2)
        out.putShort((short) n.length);            // NameLength (2)
        int contextFields = out.position();
        out.putInt(0).putInt(0);                   // CreateContextsOffset (4), CreateContextsLength (4)
        out.put(n.length == 0 ? new byte[1] : n);
        if (!contexts.isEmpty()) {
            Wire.pad(out, 8);
            int at = out.position();
            out.putInt(contextFields, at).putInt(contextFields + 4, CreateContext.encodeList(out, contexts));
        }
    }
}
