package io.handlefs.smb.server.lease;

import java.util.ArrayList;
import java.util.List;

/**
 * One caching grant on one file: a lease, shared by the opens of one client with one lease key
 * ([MS-SMB2] 3.3.1.4), or the oplock of one open (3.3.1.10). While it breaks, {@code breakTo} is
 * what the notification offered and {@code required} the least the waiting operations need (a
 * later conflict may lower it; the ack is then followed by another break). Guarded by the file's
 * state, as {@link FileCaching} is.
 *
 * @param <O> the server's open
 */
public final class Holder<O> {
    private final LeaseKey key;
    private final int version;
    /** The v2 lease's parent directory lease, or null. */
    private final LeaseKey parentKey;
    private final List<O> opens = new ArrayList<>();
    private int state;
    private int epoch;
    private boolean breaking;
    private int breakTo;
    private int required;
    /** Counts breaks, so that a timer set for one break does not end a later one. */
    private long breakNumber;

    Holder(LeaseKey key, int version, LeaseKey parentKey, int state, int epoch) {
        this.key = key;
        this.version = version;
        this.parentKey = parentKey;
        this.state = state;
        this.epoch = epoch;
    }

    /** The lease key, or null for an oplock. */
    public LeaseKey key() {
        return key;
    }

    public boolean isLease() {
        return key != null;
    }

    /** 1 or 2 for a lease (the create context it came with), 0 for an oplock. */
    public int version() {
        return version;
    }

    public LeaseKey parentKey() {
        return parentKey;
    }

    public int state() {
        return state;
    }

    public int epoch() {
        return epoch;
    }

    public boolean breaking() {
        return breaking;
    }

    public int breakTo() {
        return breakTo;
    }

    public long breakNumber() {
        return breakNumber;
    }

    /** The opens this grant caches for (one for an oplock). */
    public List<O> opens() {
        return List.copyOf(opens);
    }

    void addOpen(O open) {
        opens.add(open);
    }

    boolean removeOpen(O open) {
        opens.remove(open);
        return opens.isEmpty();
    }

    /** A new open of the same lease asked for more than it holds: upgraded unless it breaks. */
    void upgrade(int requested) {
        if (!breaking && (state & ~requested) == 0 && requested != state) {
            state = requested;
            epoch++;
        }
    }

    /**
     * Starts (or lowers) a break to {@code to}. Returns the break to send, or null when one is
     * already out (it now ends at {@code to} at the latest) or nothing had to go.
     */
    Break<O> startBreak(int to) {
        return startBreak(to, true);
    }

    private Break<O> startBreak(int to, boolean newEpoch) {
        if (breaking) {
            required &= to;
            return null;
        }
        if ((state & ~to) == 0) {
            return null;
        }
        int from = state;
        boolean ackRequired = isLease() ? (from & (LeaseState.WRITE | LeaseState.HANDLE)) != 0
                : (from & LeaseState.WRITE) != 0;
        if (version == 2 && newEpoch) {
            epoch++;
        }
        breakNumber++;
        if (ackRequired) {
            breaking = true;
            breakTo = to;
            required = to;
        } else {
            state = to;
        }
        return new Break<>(this, from, to, ackRequired, epoch, breakNumber, opens.isEmpty() ? null : opens.get(0));
    }

    /**
     * The client acknowledged the break with {@code acked} (a subset of what was offered, which
     * the caller checked). Returns a further break when a conflict since wants less than that:
     * one step down at a time (H first, then W, then R) within the same epoch, as Windows does
     * (smbtorture smb2.lease.breaking3).
     */
    Break<O> acknowledged(int acked) {
        state = acked;
        breaking = false;
        if ((state & ~required) == 0) {
            return null;
        }
        int step = (state & LeaseState.HANDLE) != 0 ? LeaseState.HANDLE
                : (state & LeaseState.WRITE) != 0 ? LeaseState.WRITE : LeaseState.READ;
        int lowered = required;
        Break<O> next = startBreak(state & ~step, false);
        required = lowered;
        return next;
    }

    /** No ack came in time: the client is taken to cache nothing ([MS-SMB2] 3.3.2.1, 3.3.2.5). */
    void timedOut() {
        state = LeaseState.NONE;
        breaking = false;
    }

    /** Whether the acknowledged state is one the break allowed. */
    boolean allows(int acked) {
        return (acked & ~breakTo) == 0;
    }

    @Override
    public String toString() {
        return (isLease() ? "lease " + Long.toHexString(key.keyLow()) : "oplock") + " " + LeaseState.name(state)
                + (breaking ? " breaking to " + LeaseState.name(breakTo) : "") + " opens " + opens.size()
                + (parentKey == null ? "" : " parent " + Long.toHexString(parentKey.keyLow()));
    }
}
