package io.handlefs.smb.rpc;

import io.handlefs.smb.mssmb2.WireReader;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/** p_syntax_id_t, [C706] 12.6.3.1: an interface or transfer syntax UUID (wire order) and version. */
public record SyntaxId(byte[] uuid, int version) {
    /** NDR 2.0, 8a885d04-1ceb-11c9-9fe8-08002b104860 v2. */
    public static final SyntaxId NDR = of("8a885d04-1ceb-11c9-9fe8-08002b104860", 2);
    /** srvsvc, 4b324fc8-1670-01d3-1278-5a47bf6ee188 v3.0. */
    public static final SyntaxId SRVSVC = of("4b324fc8-1670-01d3-1278-5a47bf6ee188", 3);
    /** The first 8 bytes of the bind-time feature negotiation syntax ([MS-RPCE] 3.3.1.5.3). */
    static final byte[] BIND_TIME_FEATURES_PREFIX = of("6cb71c2c-9812-4540-0000-000000000000", 0).uuid8();

    public SyntaxId {
        uuid = uuid.clone();
    }

    @Override
    public byte[] uuid() {
        return uuid.clone();
    }

    /** The UUID in its textual form, stored in the mixed-endian order it travels in. */
    static SyntaxId of(String text, int version) {
        byte[] b = HexFormat.of().parseHex(text.replace("-", ""));
        byte[] wire = {b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]};
        return new SyntaxId(wire, version);
    }

    byte[] uuid8() {
        return Arrays.copyOf(uuid, 8);
    }

    static SyntaxId decode(WireReader r) {
        return new SyntaxId(r.bytes(16), r.bits32());
    }

    void encode(ByteBuffer out) {
        out.put(uuid).putInt(version);
    }

    boolean sameAs(SyntaxId other) {
        return Arrays.equals(uuid, other.uuid) && version == other.version;
    }
}
