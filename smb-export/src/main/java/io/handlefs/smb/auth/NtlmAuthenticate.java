package io.handlefs.smb.auth;

import io.handlefs.smb.mssmb2.Wire;
import io.handlefs.smb.mssmb2.WireReader;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * NTLMSSP AUTHENTICATE_MESSAGE, [MS-NLMP] 2.2.1.3. {@code mic} is empty when the message has
 * no MIC field (its payload starts before offset 88).
 */
public record NtlmAuthenticate(byte[] lmResponse, byte[] ntResponse, String domain, String user, String workstation,
                               byte[] encryptedSessionKey, int flags, byte[] mic) {
    static final int MIC_OFFSET = 72;
    private static final int PAYLOAD = 88;

    public NtlmAuthenticate {
        lmResponse = lmResponse.clone();
        ntResponse = ntResponse.clone();
        encryptedSessionKey = encryptedSessionKey.clone();
        mic = mic.clone();
    }

    @Override
    public byte[] ntResponse() {
        return ntResponse.clone();
    }

    @Override
    public byte[] lmResponse() {
        return lmResponse.clone();
    }

    @Override
    public byte[] encryptedSessionKey() {
        return encryptedSessionKey.clone();
    }

    @Override
    public byte[] mic() {
        return mic.clone();
    }

    public static NtlmAuthenticate decode(byte[] token) {
        WireReader r = NtlmMessage.open(token, NtlmMessage.AUTHENTICATE);
        int payloadStart = token.length;
        int[] offsets = new int[6];
        byte[][] fields = new byte[6][];
        for (int i = 0; i < 6; i++) {
            int at = r.position();
            fields[i] = NtlmMessage.field(r, token);
            offsets[i] = ByteBuffer.wrap(token, at + 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
            if (fields[i].length > 0) {
                payloadStart = Math.min(payloadStart, offsets[i]);
            }
        }
        int flags = r.bits32();
        byte[] mic = payloadStart >= PAYLOAD ? Arrays.copyOfRange(token, MIC_OFFSET, MIC_OFFSET + 16) : new byte[0];
        return new NtlmAuthenticate(fields[0], fields[1], NtlmMessage.unicode(fields[2]), NtlmMessage.unicode(fields[3]),
                NtlmMessage.unicode(fields[4]), fields[5], flags, mic);
    }

    public byte[] encode() {
        byte[][] fields = {lmResponse, ntResponse, Wire.utf16(domain), Wire.utf16(user), Wire.utf16(workstation),
                encryptedSessionKey};
        int total = PAYLOAD;
        for (byte[] f : fields) {
            total += f.length;
        }
        ByteBuffer out = NtlmMessage.buffer(total);
        out.put(NtlmMessage.SIGNATURE).putInt(NtlmMessage.AUTHENTICATE);
        int at = PAYLOAD;
        for (byte[] f : fields) {
            NtlmMessage.putField(out, f.length, at);               // six field triples (48)
            at += f.length;
        }
        out.putInt(flags);                                          // NegotiateFlags (4)
        out.put(NtlmMessage.VERSION);                               // Version (8)
        out.put(mic.length == 16 ? mic : new byte[16]);             // MIC (16)
        for (byte[] f : fields) {
            out.put(f);
        }
        return out.array();
    }
}
