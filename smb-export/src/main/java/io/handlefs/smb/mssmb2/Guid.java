package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/** A 16-byte GUID as it travels ([MS-DTYP] 2.3.4.2), compared byte for byte. */
public record Guid(byte[] bytes) {
    public static final int SIZE = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    public Guid {
        bytes = Wire.exactly(bytes, SIZE, "GUID");
    }

    public static Guid random() {
        byte[] b = new byte[SIZE];
        RANDOM.nextBytes(b);
        return new Guid(b);
    }

    public static Guid decode(WireReader r) {
        return new Guid(r.bytes(SIZE));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public void encode(ByteBuffer out) {
        out.put(bytes);
    }

    public boolean isZero() {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Guid g && Arrays.equals(g.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
