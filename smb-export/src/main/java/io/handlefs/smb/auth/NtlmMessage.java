package io.handlefs.smb.auth;

import io.handlefs.smb.mssmb2.SmbDecodeException;
import io.handlefs.smb.mssmb2.WireReader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** What the three NTLMSSP messages share, [MS-NLMP] 2.2: the signature, the type, the field triples. */
final class NtlmMessage {
    static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
    static final int NEGOTIATE = 1;
    static final int CHALLENGE = 2;
    static final int AUTHENTICATE = 3;
    /** Windows 7 SP1 / NTLM revision 15: the Version field every peer accepts. */
    static final byte[] VERSION = {6, 1, (byte) 0xb1, 0x1d, 0, 0, 0, 0x0f};

    private NtlmMessage() {}

    static boolean isNtlm(byte[] token) {
        return token.length >= 12 && Arrays.equals(token, 0, 8, SIGNATURE, 0, 8);
    }

    /** A reader positioned after the signature and the type, which must be {@code type}. */
    static WireReader open(byte[] token, int type) {
        if (!isNtlm(token)) {
            throw new SmbDecodeException(SmbDecodeException.Kind.BAD_VALUE, "not an NTLMSSP message");
        }
        WireReader r = WireReader.at(ByteBuffer.wrap(token), 8);
        int got = r.bits32();
        if (got != type) {
            throw new SmbDecodeException(SmbDecodeException.Kind.BAD_VALUE, "NTLMSSP type " + got + ", expected " + type);
        }
        return r;
    }

    /** Reads a Len/MaxLen/BufferOffset triple and returns the bytes it points at. */
    static byte[] field(WireReader r, byte[] token) {
        int length = r.u16();
        r.skip(2);
        long offset = r.u32();
        return WireReader.at(ByteBuffer.wrap(token), 0).slice(offset, length, "NTLMSSP field");
    }

    /** Writes a field triple pointing at {@code offset}. */
    static void putField(ByteBuffer out, int length, int offset) {
        out.putShort((short) length).putShort((short) length).putInt(offset);
    }

    static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    static String unicode(byte[] b) {
        return new String(b, StandardCharsets.UTF_16LE);
    }
}
