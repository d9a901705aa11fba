package io.handlefs.smb.server.lease;

/** RequestedOplockLevel / OplockLevel values, [MS-SMB2] 2.2.13 and 2.2.14, and their caching states. */
public final class OplockLevel {
    public static final int NONE = 0x00;
    public static final int II = 0x01;
    public static final int EXCLUSIVE = 0x08;
    public static final int BATCH = 0x09;
    public static final int LEASE = 0xFF;

    private OplockLevel() {}

    /** The caching state an oplock level stands for; an unknown level is none. */
    public static int toState(int level) {
        return switch (level) {
            case II -> LeaseState.READ;
            case EXCLUSIVE -> LeaseState.READ | LeaseState.WRITE;
            case BATCH -> LeaseState.ALL;
            default -> LeaseState.NONE;
        };
    }

    /** The oplock level of a caching state (H without W is not an oplock level: it reads as II). */
    public static int of(int state) {
        if ((state & LeaseState.READ) == 0) {
            return NONE;
        }
        if ((state & LeaseState.WRITE) == 0) {
            return II;
        }
        return (state & LeaseState.HANDLE) != 0 ? BATCH : EXCLUSIVE;
    }
}
