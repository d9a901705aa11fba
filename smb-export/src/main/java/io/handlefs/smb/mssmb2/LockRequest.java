package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** SMB2 LOCK Request, [MS-SMB2] 2.2.26, with its SMB2_LOCK_ELEMENTs (2.2.26.1). */
public record LockRequest(int lockSequence, FileId fileId, List<Element> locks) implements Smb2Body {
    public static final int SHARED = 0x1;
    public static final int EXCLUSIVE = 0x2;
    public static final int UNLOCK = 0x4;
    public static final int FAIL_IMMEDIATELY = 0x10;
    /** The most lock elements one request may carry (the frame limit allows far more). */
    static final int MAX_LOCKS = 4096;

    /** One range: offset, length, flags. */
    public record Element(long offset, long length, int flags) {}

    public LockRequest {
        locks = List.copyOf(locks);
    }

    public static LockRequest decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, Smb2Header.SIZE);
        r.structureSize(48, "LOCK");
        int count = r.u16();
        if (count == 0 || count > MAX_LOCKS) {
            throw new SmbDecodeException(SmbDecodeException.Kind.BAD_VALUE, "LockCount " + count);
        }
        int sequence = r.bits32();
        FileId id = FileId.decode(r);
        List<Element> locks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long offset = r.u64();
            long length = r.u64();
            int flags = r.bits32();
            r.skip(4);
            locks.add(new Element(offset, length, flags));
        }
        return new LockRequest(sequence, id, locks);
    }

    @Override
    public void encode(ByteBuffer out) {
        out.putShort((short) 48);                  // StructureSize (2)
        out.putShort((short) locks.size());        // LockCount (2)
        out.putInt(lockSequence);                  // LockSequenceNumber/Index (4)
        fileId.encode(out);                        // FileId (16)
        for (Element e : locks) {
            out.putLong(e.offset).putLong(e.length).putInt(e.flags).putInt(0); // Offset, Length, Flags, Reserved (24)
        }
    }
}
