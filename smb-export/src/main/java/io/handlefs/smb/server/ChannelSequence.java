package io.handlefs.smb.server;

/**
 * Open.ChannelSequence with its outstanding request counts, [MS-SMB2] 3.3.5.2.10 (3.x): a client
 * that lost a channel raises the sequence number, so that a WRITE, SET_INFO or IOCTL still on the
 * way with the old number, or replayed with it while requests of the new one are outstanding,
 * cannot overtake what the client sent since. Numbers compare in 16-bit arithmetic: up to 0x7FFF
 * ahead is newer, anything else older.
 */
final class ChannelSequence {
    private static final int NEWER = 0x7FFF;

    private int current;
    /** Requests admitted under {@link #current} and not yet answered. */
    private long outstanding;
    /** Requests admitted under an earlier number and not yet answered. */
    private long earlierOutstanding;

    /** The number of the CREATE that made the open. */
    synchronized void start(int sequence) {
        current = sequence & 0xFFFF;
    }

    /**
     * Admits a request with this number; false when it is stale: then a WRITE, SET_INFO or IOCTL
     * fails with STATUS_FILE_NOT_AVAILABLE and nothing is counted. An admitted request must be
     * {@link #done} with the same number.
     */
    synchronized boolean admit(int sequence, boolean replay) {
        sequence &= 0xFFFF;
        if (sequence == current) {
            if (replay && earlierOutstanding != 0) {
                return false;
            }
            outstanding++;
            return true;
        }
        if (((sequence - current) & 0xFFFF) <= NEWER) {
            earlierOutstanding += outstanding;
            outstanding = 1;
            current = sequence;
            return true;
        }
        return false;
    }

    synchronized void done(int sequence) {
        if ((sequence & 0xFFFF) == current && outstanding > 0) {
            outstanding--;
        } else if (earlierOutstanding > 0) {
            earlierOutstanding--;
        }
    }
}
