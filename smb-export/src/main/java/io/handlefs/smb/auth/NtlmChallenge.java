package io.handlefs.smb.auth;

import io.handlefs.smb.mssmb2.Wire;
import io.handlefs.smb.mssmb2.WireReader;

import java.nio.ByteBuffer;

/** NTLMSSP CHALLENGE_MESSAGE, [MS-NLMP] 2.2.1.2. */
public record NtlmChallenge(int flags, byte[] serverChallenge, String targetName, byte[] targetInfo) {
    private static final int PAYLOAD = 56;

    public NtlmChallenge {
        serverChallenge = serverChallenge.clone();
        targetInfo = targetInfo.clone();
    }

    @Override
    public byte[] serverChallenge() {
        return serverChallenge.clone();
    }

    @Override
    public byte[] targetInfo() {
        return targetInfo.clone();
    }

    public static NtlmChallenge decode(byte[] token) {
        WireReader r = NtlmMessage.open(token, NtlmMessage.CHALLENGE);
        byte[] name = NtlmMessage.field(r, token);
        int flags = r.bits32();
        byte[] challenge = r.bytes(8);
        r.skip(8);
        byte[] info = NtlmMessage.field(r, token);
        return new NtlmChallenge(flags, challenge, NtlmMessage.unicode(name), info);
    }

    public byte[] encode() {
        byte[] name = Wire.utf16(targetName);
        ByteBuffer out = NtlmMessage.buffer(PAYLOAD + name.length + targetInfo.length);
        out.put(NtlmMessage.SIGNATURE).putInt(NtlmMessage.CHALLENGE);
        NtlmMessage.putField(out, name.length, PAYLOAD);            // TargetNameFields (8)
        out.putInt(flags);                                          // NegotiateFlags (4)
        out.put(serverChallenge);                                   // ServerChallenge (8)
        out.putLong(0);                                             // Reserved (8)
        NtlmMessage.putField(out, targetInfo.length, PAYLOAD + name.length); // TargetInfoFields (8)
        out.put(NtlmMessage.VERSION);                               // Version (8)
        out.put(name).put(targetInfo);
        return out.array();
    }
}
