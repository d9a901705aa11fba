package io.handlefs.smb.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The byte-range locks of one file, with Windows semantics ([MS-FSA] 2.1.5.7): locks do not merge
 * or split, an unlock names exactly one lock, an exclusive lock excludes every other lock on its
 * range (a shared lock of its own holder may stack on it), and a shared lock blocks writes from
 * everyone. A zero-length lock conflicts only with a lock that holds its offset past its own
 * first byte. Not thread-safe: the node state guards it.
 */
final class ByteRangeLocks {
    record Range(Open owner, long offset, long length, boolean exclusive) {
        /**
         * Unsigned, with inclusive ends (a range may end at 2^64 - 1; valid ranges never wrap). A
         * zero-length range at X meets a range only when X lies inside it past its first byte.
         */
        boolean overlaps(long otherOffset, long otherLength) {
            if (length == 0 && otherLength == 0) {
                return false;
            }
            if (length == 0) {
                return strictlyInside(offset, otherOffset, otherLength);
            }
            if (otherLength == 0) {
                return strictlyInside(otherOffset, offset, length);
            }
            return Long.compareUnsigned(offset, otherOffset + otherLength - 1) <= 0
                    && Long.compareUnsigned(otherOffset, offset + length - 1) <= 0;
        }

        private static boolean strictlyInside(long point, long start, long length) {
            return Long.compareUnsigned(start, point) < 0 && Long.compareUnsigned(point, start + length - 1) <= 0;
        }
    }

    private final List<Range> locks = new ArrayList<>();

    static boolean validRange(long offset, long length) {
        return length == 0 || Long.compareUnsigned(offset + length - 1, offset) >= 0;
    }

    /** A new lock conflicts with an overlapping one unless both are shared or it stacks on its own. */
    boolean conflicts(Open owner, long offset, long length, boolean exclusive) {
        for (Range r : locks) {
            if (r.overlaps(offset, length) && (exclusive || (r.exclusive && r.owner != owner))) {
                return true;
            }
        }
        return false;
    }

    void add(Range r) {
        locks.add(r);
    }

    /** Removes the lock exactly matching the range; false when there is none. */
    boolean remove(Open owner, long offset, long length) {
        for (int i = 0; i < locks.size(); i++) {
            Range r = locks.get(i);
            if (r.owner == owner && r.offset == offset && r.length == length) {
                locks.remove(i);
                return true;
            }
        }
        return false;
    }

    /** Drops every lock of an open (it was closed); true when any went. */
    boolean removeAll(Open owner) {
        return locks.removeIf(r -> r.owner == owner);
    }

    /** Whether I/O through {@code open} on the range would hit someone's lock. */
    boolean blocksIo(Open open, long offset, long length, boolean write) {
        if (length == 0) {
            return false;
        }
        for (Range r : locks) {
            if (!r.overlaps(offset, length)) {
                continue;
            }
            if (r.owner != open ? write || r.exclusive : write && !r.exclusive) {
                return true;
            }
        }
        return false;
    }

    List<Range> all() {
        return new ArrayList<>(locks);
    }
}
