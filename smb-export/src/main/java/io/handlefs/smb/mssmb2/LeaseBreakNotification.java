package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/**
 * Lease Break Notification, [MS-SMB2] 2.2.23.2: sent unsolicited (MessageId all ones, no session)
 * to the client whose lease must give up caching.
 */
public record LeaseBreakNotification(int newEpoch, int flags, byte[] leaseKey, int currentState, int newState)
        implements Smb2Body {
    public static final int STRUCTURE_SIZE = 44;
    public static final int FLAG_ACK_REQUIRED = 0x1;

    public LeaseBreakNotification {
        leaseKey = Wire.exactly(leaseKey, 16, "LeaseKey");
    }

    @Override
    public byte[] leaseKey() {
        return leaseKey.clone();
    }

    public static LeaseBreakNotification decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(STRUCTURE_SIZE, "lease break notification");
        int epoch = r.u16();
        int flags = r.bits32();
        byte[] key = r.bytes(16);
        int current = r.bits32();
        int next = r.bits32();
        r.skip(12);
        return new LeaseBreakNotification(epoch, flags, key, current, next);
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) STRUCTURE_SIZE);      // StructureSize (2)
        out.putShort((short) newEpoch);            // NewEpoch (2)
        out.putInt(flags);                         // Flags (4)
        out.put(leaseKey);                         // LeaseKey (16)
        out.putInt(currentState);                  // CurrentLeaseState (4)
        out.putInt(newState);                      // NewLeaseState (4)
        out.putInt(0);                             // BreakReason (4)
        out.putInt(0);                             // AccessMaskHint (4)
        out.putInt(0);                             // ShareMaskHint (4)
    }
}
