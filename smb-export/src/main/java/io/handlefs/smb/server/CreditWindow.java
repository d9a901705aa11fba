package io.handlefs.smb.server;

import java.util.BitSet;

/**
 * Credit accounting of one connection, [MS-SMB2] 3.3.1.1: the message ids a client may use are
 * those it was granted and has not used. Tracked as a sliding window of at most {@link #MAX}
 * ids from the lowest unused one.
 */
final class CreditWindow {
    /** The most credits a client may hold at once. */
    static final int MAX = 8192;

    private long low;
    /** Ids in [low, low + granted) are usable unless marked used. */
    private long granted = 1;
    private final BitSet used = new BitSet();

    /** Takes the ids a request spends; false when any was not granted or already used. */
    synchronized boolean consume(long messageId, int charge) {
        int n = Math.max(1, charge);
        if (messageId < low || messageId + n > low + granted || messageId + n < messageId) {
            return false;
        }
        int from = (int) (messageId - low);
        if (used.get(from, from + n).cardinality() > 0) {
            return false;
        }
        used.set(from, from + n);
        int shift = used.nextClearBit(0);
        if (shift > 0) {
            low += shift;
            granted -= shift;
            BitSet rest = used.get(shift, Math.max(shift, used.length()));
            used.clear();
            used.or(rest);
        }
        return true;
    }

    /** Grants what a response gives back: what was asked (at least one), within {@link #MAX}. */
    synchronized int grant(int requested) {
        long outstanding = granted - used.cardinality();
        int g = (int) Math.max(0, Math.min(Math.max(1, requested), MAX - outstanding));
        granted += g;
        return g;
    }
}
