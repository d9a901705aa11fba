package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/**
 * SMB2_CREATE_APP_INSTANCE_ID, [MS-SMB2] 2.2.13.2.13: an application's identity across clients
 * (a failover cluster node opening what another node held). Its context name is a GUID.
 */
public record AppInstanceId(Guid id) {
    public static final String NAME = Contexts.guidTag("45BCA66AEFA7F74A9008FA462E144D74");
    public static final int SIZE = 20;

    public static AppInstanceId decode(byte[] data) {
        WireReader r = Contexts.reader("AppInstanceId", data, SIZE);
        r.structureSize(SIZE, "SMB2_CREATE_APP_INSTANCE_ID");
        r.skip(2);
        return new AppInstanceId(Guid.decode(r));
    }

    public byte[] encode() {
        ByteBuffer b = Contexts.buffer(SIZE);
        b.putShort((short) SIZE);                  // StructureSize (2)
        b.putShort((short) 0);                     // Reserved (2)
        id.encode(b);                              // AppInstanceId (16)
        return b.array();
    }

    /** This context as it travels in a CREATE. */
    public CreateContext context() {
        return new CreateContext(NAME, encode());
    }
}
