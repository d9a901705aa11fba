package io.handlefs.smb.server.lease;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A lease's identity, [MS-SMB2] 3.3.1.4: the client's ClientGuid and the LeaseKey it chose. Opens
 * of one client with one key share one lease; the same key from another client is another lease.
 */
public record LeaseKey(long guidLow, long guidHigh, long keyLow, long keyHigh) {
    public static LeaseKey of(byte[] clientGuid, byte[] leaseKey) {
        ByteBuffer g = ByteBuffer.wrap(clientGuid).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer k = ByteBuffer.wrap(leaseKey).order(ByteOrder.LITTLE_ENDIAN);
        return new LeaseKey(g.getLong(0), g.getLong(8), k.getLong(0), k.getLong(8));
    }

    /** The 16 LeaseKey bytes as the client sent them. */
    public byte[] keyBytes() {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(keyLow).putLong(keyHigh).array();
    }
}
