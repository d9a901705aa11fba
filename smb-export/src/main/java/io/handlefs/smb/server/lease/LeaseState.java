package io.handlefs.smb.server.lease;

/**
 * Caching states, [MS-SMB2] 2.2.13.2.8: read, handle and write caching bits. Oplocks are kept as
 * the same states (level II = R, exclusive = RW, batch = RWH), as Samba does, so that one set of
 * rules decides every break.
 */
public final class LeaseState {
    public static final int NONE = 0;
    public static final int READ = 0x1;
    public static final int HANDLE = 0x2;
    public static final int WRITE = 0x4;
    public static final int ALL = READ | HANDLE | WRITE;

    private LeaseState() {}

    /** The state a client may be granted for what it asked: W or H without R, or W and H without R, is nothing. */
    public static int grantable(int requested) {
        int s = requested & ALL;
        return (s & READ) == 0 ? NONE : s;
    }

    /** "R", "RH", "RWH", "" for none: how smbtorture and Samba's logs write states. */
    public static String name(int state) {
        return ((state & READ) != 0 ? "R" : "") + ((state & WRITE) != 0 ? "W" : "")
                + ((state & HANDLE) != 0 ? "H" : "");
    }
}
