package io.handlefs.smb.auth;

import io.handlefs.smb.mssmb2.WireReader;

import java.nio.ByteBuffer;

/** NTLMSSP NEGOTIATE_MESSAGE, [MS-NLMP] 2.2.1.1: only its flags matter to a server. */
public record NtlmNegotiate(int flags) {
    public static NtlmNegotiate decode(byte[] token) {
        WireReader r = NtlmMessage.open(token, NtlmMessage.NEGOTIATE);
        return new NtlmNegotiate(r.bits32());
    }

    public byte[] encode() {
        ByteBuffer out = NtlmMessage.buffer(40);
        out.put(NtlmMessage.SIGNATURE).putInt(NtlmMessage.NEGOTIATE).putInt(flags);
        NtlmMessage.putField(out, 0, 40);           // DomainNameFields (8)
        NtlmMessage.putField(out, 0, 40);           // WorkstationFields (8)
        out.put(NtlmMessage.VERSION);               // Version (8)
        return out.array();
    }
}
