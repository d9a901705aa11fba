package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/**
 * The lease forms of OPLOCK_BREAK, which share one layout: Lease Break Acknowledgment
 * ([MS-SMB2] 2.2.24.2) and Lease Break Response (2.2.25.2).
 */
public record LeaseBreakAck(int flags, byte[] leaseKey, int leaseState, long leaseDuration) implements Smb2Body {
    public static final int STRUCTURE_SIZE = 36;

    public LeaseBreakAck {
        leaseKey = Wire.exactly(leaseKey, 16, "LeaseKey");
    }

    @Override
    public byte[] leaseKey() {
        return leaseKey.clone();
    }

    public static LeaseBreakAck decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(STRUCTURE_SIZE, "lease break acknowledgment");
        r.skip(2);
        int flags = r.bits32();
        byte[] key = r.bytes(16);
        int state = r.bits32();
        long duration = r.u64();
        return new LeaseBreakAck(flags, key, state, duration);
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) STRUCTURE_SIZE);      // StructureSize (2)
        out.putShort((short) 0);                   // Reserved (2)
        out.putInt(flags);                         // Flags (4)
        out.put(leaseKey);                         // LeaseKey (16)
        out.putInt(leaseState);                    // LeaseState (4)
        out.putLong(leaseDuration);                // LeaseDuration (8)
    }
}
