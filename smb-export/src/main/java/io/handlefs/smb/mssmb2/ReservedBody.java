package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/**
 * The four-byte body (StructureSize 4, Reserved) shared by LOGOFF (2.2.7, 2.2.8), TREE_DISCONNECT
 * (2.2.11, 2.2.12), ECHO (2.2.28, 2.2.29) and CANCEL (2.2.30) requests and responses, and by the
 * FLUSH (2.2.18) and LOCK (2.2.27) responses, [MS-SMB2].
 */
public record ReservedBody() implements Smb2Body {
    public static final ReservedBody INSTANCE = new ReservedBody();

    public static ReservedBody decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(4, "reserved body");
        r.skip(2);
        return INSTANCE;
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 4).putShort((short) 0);
    }
}
