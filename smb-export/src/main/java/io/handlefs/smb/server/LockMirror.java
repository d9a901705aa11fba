package io.handlefs.smb.server;

import io.handlefs.lookup.OfdLocks;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps every SMB open's byte-range locks also as OFD locks on the lower file ({@link OfdLocks}),
 * so that processes using the file locally, and FUSE lock owners, see them. The SMB rules stay
 * ByteRangeLocks' (stacking, exact unlocks); the kernel only learns the union each open holds.
 * Called under the file's node state.
 */
final class LockMirror {
    private final Map<Open, OfdLocks.Owner> owners = new ConcurrentHashMap<>();

    /** Takes the range on the lower file; false when a local lock holds it. */
    boolean lock(Open o, long offset, long length, boolean exclusive) {
        OfdLocks locks = new OfdLocks(o.tree.share().export());
        OfdLocks.Owner owner = owners.computeIfAbsent(o, k -> locks.owner(o.node));
        return locks.lock(owner, offset, length, exclusive);
    }

    /**
     * Releases the range, then takes again what the open's remaining locks cover (the kernel
     * merged them): shared ones first, so that an exclusive one that overlaps them wins.
     */
    void unlock(Open o, long offset, long length, List<ByteRangeLocks.Range> remaining) {
        OfdLocks.Owner owner = owners.get(o);
        if (owner == null) {
            return;
        }
        OfdLocks locks = new OfdLocks(o.tree.share().export());
        locks.unlock(owner, offset, length);
        remaining.stream().filter(r -> r.owner() == o && r.overlaps(offset, length))
                .sorted(Comparator.comparing(ByteRangeLocks.Range::exclusive))
                .forEach(r -> locks.lock(owner, r.offset(), r.length(), r.exclusive()));
    }

    /** The open closed: its locks go with its open file description. */
    void closed(Open o) {
        OfdLocks.Owner owner = owners.remove(o);
        if (owner != null) {
            owner.close();
        }
    }
}
