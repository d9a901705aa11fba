package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * SMB2_CREATE_APP_INSTANCE_ID, [MS-SMB2] 2.2.13.2.13: an application's identity across clients
 * (a failover cluster node opening what another node held). Its context name is a GUID.
 */
public record AppInstanceId(Guid id) {
    public static final String NAME = new String(new byte[] {0x45, (byte) 0xBC, (byte) 0xA6, 0x6A, (byte) 0xEF,
            (byte) 0xA7, (byte) 0xF7, 0x4A, (byte) 0x90, 0x08, (byte) 0xFA, 0x46, 0x2E, 0x14, 0x4D, 0x74},
            StandardCharsets.ISO_8859_1);
    public static final int SIZE = 20;

    public static AppInstanceId decode(byte[] data) {
        Contexts.exactLength("AppInstanceId", data, SIZE);
        WireReader r = Contexts.reader(data);
        r.structureSize(SIZE, "SMB2_CREATE_APP_INSTANCE_ID");
        r.skip(2);
        return new AppInstanceId(Guid.decode(r));
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) SIZE);                  // StructureSize (2)
        b.putShort((short) 0);                     // Reserved (2)
        id.encode(b);                              // AppInstanceId (16)
        return b.array();
    }
}
