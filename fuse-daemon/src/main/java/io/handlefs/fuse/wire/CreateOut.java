package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;

/** The reply to CREATE and TMPFILE: fuse_entry_out (128) then fuse_open_out (16). */
public record CreateOut(EntryOut entry, OpenOut open) implements FuseReplyBody {

    public static final int SIZE = EntryOut.SIZE + OpenOut.SIZE;

    @Override
    public int encodedSize() {
        return SIZE;
    }

    @Override
    public void encode(ByteBuffer out) {
        entry.encode(out);
        open.encode(out);
    }
}
