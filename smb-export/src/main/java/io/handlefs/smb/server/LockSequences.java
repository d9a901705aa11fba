package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.NegotiateRequest;

import java.util.Arrays;

/**
 * Open.LockSequenceArray, [MS-SMB2] 3.3.1.10 and 3.3.5.14: for a resilient open, the last
 * LockSequenceNumber that succeeded in each of the 64 buckets, so that a LOCK the client sends
 * again after a network failure is recognised and not applied twice.
 *
 * <p>LockSequence (2.2.26, 4 bytes): the low 4 bits are the number, the next 28 the index;
 * only indices 1 to 64 name a bucket, any other disables the check for that request. The check
 * is made for resilient opens and, as 3.3.5.14 specifies when SMB2_GLOBAL_CAP_MULTI_CHANNEL is
 * offered (Windows, note &lt;314&gt;, checks resilient and persistent opens only), for every
 * open of a 3.x session of a multichannel server.
 */
final class LockSequences {
    static final int BUCKETS = 64;
    private static final byte INVALID = -1;

    /** Made at the first LOCK that succeeds with a bucket: most opens never lock. */
    private byte[] numbers;

    /** Whether LOCKs on this open are checked for replays ([MS-SMB2] 3.3.5.14: resilient, durable, multichannel). */
    static boolean verified(Open o, boolean multiChannel) {
        return o.resilient || o.durable != null
                || (multiChannel && o.session.dialect >= NegotiateRequest.DIALECT_300);
    }

    /** The bucket (1 to 64) a LockSequence names, or 0 when it names none. */
    static int index(int lockSequence) {
        int index = lockSequence >>> 4;
        return index >= 1 && index <= BUCKETS ? index : 0;
    }

    static int number(int lockSequence) {
        return lockSequence & 0xF;
    }

    /**
     * Whether this LockSequence is a replay of the last one that succeeded in its bucket; when it
     * is not, the bucket is invalidated until the request succeeds (3.3.5.14, steps 1 and 2).
     */
    synchronized boolean replayed(int lockSequence) {
        int index = index(lockSequence);
        if (index == 0 || numbers == null) {
            return false;
        }
        if (numbers[index - 1] == number(lockSequence)) {
            return true;
        }
        numbers[index - 1] = INVALID;
        return false;
    }

    /** The request with this LockSequence succeeded. */
    synchronized void succeeded(int lockSequence) {
        int index = index(lockSequence);
        if (index != 0) {
            if (numbers == null) {
                numbers = new byte[BUCKETS];
                Arrays.fill(numbers, INVALID);
            }
            numbers[index - 1] = (byte) number(lockSequence);
        }
    }
}
