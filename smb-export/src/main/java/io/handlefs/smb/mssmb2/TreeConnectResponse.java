package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/** SMB2 TREE_CONNECT Response, [MS-SMB2] 2.2.10. */
public record TreeConnectResponse(int shareType, int shareFlags, int capabilities, int maximalAccess)
        implements Smb2Body {
    public static final int TYPE_DISK = 0x01;
    public static final int TYPE_PIPE = 0x02;
    public static final int SHAREFLAG_ENCRYPT_DATA = 0x8000;
    public static final int SHAREFLAG_NO_CACHING = 0x30;
    public static final int CAP_CONTINUOUS_AVAILABILITY = 0x10;

    public static TreeConnectResponse decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(16, "TREE_CONNECT response");
        int type = r.u8();
        r.skip(1);
        return new TreeConnectResponse(type, r.bits32(), r.bits32(), r.bits32());
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 16);                  // StructureSize (2)
        out.put((byte) shareType);                 // ShareType (1)
        out.put((byte) 0);                         // Reserved (1)
        out.putInt(shareFlags);                    // ShareFlags (4)
        out.putInt(capabilities);                  // Capabilities (4)
        out.putInt(maximalAccess);                 // MaximalAccess (4)
    }
}
