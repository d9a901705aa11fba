package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2 CHANGE_NOTIFY Request, [MS-SMB2] 2.2.35; its response is an {@link OutputBufferResponse}. */
public record ChangeNotifyRequest(int flags, int outputBufferLength, FileId fileId, int completionFilter)
        implements Smb2Body {
    /** Flags: changes anywhere below the directory, not only in it. */
    public static final int WATCH_TREE = 0x0001;
    /** CompletionFilter bits for names: FILE_NOTIFY_CHANGE_FILE_NAME, FILE_NOTIFY_CHANGE_DIR_NAME. */
    public static final int CHANGE_FILE_NAME = 0x0001;
    public static final int CHANGE_DIR_NAME = 0x0002;

    public static ChangeNotifyRequest decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(32, "CHANGE_NOTIFY");
        int flags = r.u16();
        int outputLength = r.u32Int("OutputBufferLength");
        FileId id = FileId.decode(r);
        int filter = r.bits32();
        r.skip(4);
        return new ChangeNotifyRequest(flags, outputLength, id, filter);
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 32);                  // StructureSize (2)
        out.putShort((short) flags);               // Flags (2)
        out.putInt(outputBufferLength);            // OutputBufferLength (4)
        fileId.encode(out);                        // FileId (16)
        out.putInt(completionFilter);              // CompletionFilter (4)
        out.putInt(0);                             // Reserved (4)
    }
}
