package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The "RqLs" create context, request and response alike: SMB2_CREATE_REQUEST_LEASE ([MS-SMB2]
 * 2.2.13.2.8, 32 bytes) or SMB2_CREATE_REQUEST_LEASE_V2 (2.2.13.2.10, 52 bytes, with a parent
 * lease key and an epoch). The version is the context's size.
 */
public record LeaseContext(int version, byte[] leaseKey, int leaseState, int flags, byte[] parentLeaseKey,
                           int epoch) {
    public static final String NAME = "RqLs";
    public static final int V1_SIZE = 32;
    public static final int V2_SIZE = 52;
    public static final int FLAG_BREAK_IN_PROGRESS = 0x2;
    public static final int FLAG_PARENT_LEASE_KEY_SET = 0x4;

    public LeaseContext {
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("lease context version " + version);
        }
        leaseKey = Wire.exactly(leaseKey, 16, "LeaseKey");
        parentLeaseKey = Wire.exactly(parentLeaseKey, 16, "ParentLeaseKey");
    }

    @Override
    public byte[] leaseKey() {
        return leaseKey.clone();
    }

    @Override
    public byte[] parentLeaseKey() {
        return parentLeaseKey.clone();
    }

    /** The context's data; a size other than the two versions' is malformed. */
    public static LeaseContext decode(byte[] data) {
        if (data.length != V1_SIZE && data.length != V2_SIZE) {
            throw new SmbDecodeException(SmbDecodeException.Kind.BAD_VALUE, "lease context of " + data.length + " bytes");
        }
        WireReader r = Contexts.reader(data);
        byte[] key = r.bytes(16);
        int state = r.bits32();
        int flags = r.bits32();
        r.skip(8);
        if (data.length == V1_SIZE) {
            return new LeaseContext(1, key, state, flags, new byte[16], 0);
        }
        byte[] parent = r.bytes(16);
        int epoch = r.u16();
        return new LeaseContext(2, key, state, flags, parent, epoch);
    }

    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(version == 1 ? V1_SIZE : V2_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        out.put(leaseKey);                         // LeaseKey (16)
        out.putInt(leaseState);                    // LeaseState (4)
        out.putInt(flags);                         // LeaseFlags (4)
        out.putLong(0);                            // LeaseDuration (8)
        if (version == 2) {
            out.put(parentLeaseKey);               // ParentLeaseKey (16)
            out.putShort((short) epoch);           // Epoch (2)
            out.putShort((short) 0);               // Reserved (2)
        }
        return out.array();
    }

    /** This context as it travels in a CREATE. */
    public CreateContext context() {
        return new CreateContext(NAME, encode());
    }
}
