package io.handlefs.smb.auth;

/** NTLMSSP NegotiateFlags, [MS-NLMP] 2.2.2.5 (the ones this server reads or sets). */
final class NtlmFlags {
    static final int UNICODE = 0x00000001;
    static final int REQUEST_TARGET = 0x00000004;
    static final int SIGN = 0x00000010;
    static final int SEAL = 0x00000020;
    static final int NTLM = 0x00000200;
    static final int ANONYMOUS = 0x00000800;
    static final int ALWAYS_SIGN = 0x00008000;
    static final int TARGET_TYPE_SERVER = 0x00020000;
    static final int EXTENDED_SESSIONSECURITY = 0x00080000;
    static final int TARGET_INFO = 0x00800000;
    static final int VERSION = 0x02000000;
    static final int KEY_128 = 0x20000000;
    static final int KEY_EXCH = 0x40000000;
    static final int KEY_56 = 0x80000000;

    /** What the server echoes back of what the client offered. */
    static final int ECHOED = UNICODE | SIGN | SEAL | ALWAYS_SIGN | EXTENDED_SESSIONSECURITY | VERSION | KEY_128
            | KEY_EXCH | KEY_56;

    private NtlmFlags() {}
}
