package io.handlefs.smb.server.lease;

import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The leases and oplocks of one file, and the rules that grant and break them: [MS-SMB2] 3.3.5.9
 * (grants on CREATE), 3.3.4.6 / 3.3.4.7 (breaks), 3.3.5.22 (acks), with [MS-FSA] 2.1.4.12 as
 * Samba reads it (open.c delay_for_oplock), so that the two servers answer smbtorture alike. Not
 * thread-safe: the file's state guards it.
 *
 * @param <O> the server's open
 */
public final class FileCaching<O> {
    /** How much an open about to be made touches: data, metadata (attributes, security descriptor), attributes only. */
    public enum Stat { DATA, METADATA, ATTRIBUTES }

    /** What an open about to be made must wait for: the breaks to send now, and whether to wait. */
    public record Check<O>(List<Break<O>> breaks, boolean delay) {}

    private final List<Holder<O>> holders = new ArrayList<>();
    private final Map<O, Holder<O>> byOpen = new HashMap<>();

    public boolean isEmpty() {
        return holders.isEmpty();
    }

    /** The grant an open holds, or null. */
    public Holder<O> holderOf(O open) {
        return byOpen.get(open);
    }

    /** The lease of this key on this file, or null. */
    public Holder<O> lease(LeaseKey key) {
        for (Holder<O> h : holders) {
            if (key.equals(h.key())) {
                return h;
            }
        }
        return null;
    }

    /**
     * Before an open of the file: every other holder whose caching the open contradicts is broken.
     * W goes for any open (another writer may appear), H for an open that would otherwise fail on
     * share modes (the holder may close its cached handle), R as well when the open overwrites the
     * data. The open waits while a break it depends on (W, or H on a sharing violation) is not
     * acknowledged. A stat open (attributes only) breaks nothing; one that also reads the security
     * descriptor breaks no lease (smbtorture smb2.oplock.statopen1, smb2.lease.statopen4).
     *
     * @param requester the lease key of the new open, or null (its own lease is never broken)
     * @param firstTry  false when the open tries again after waiting: it then waits on while any
     *                  holder it contradicts still breaks (it came after that break)
     */
    public Check<O> beforeOpen(LeaseKey requester, Stat stat, boolean sharingViolation, boolean overwrite,
                               boolean firstTry) {
        if (stat == Stat.ATTRIBUTES) {
            return new Check<>(List.of(), false);
        }
        List<Break<O>> breaks = List.of();
        boolean delay = false;
        int delayMask = sharingViolation ? LeaseState.HANDLE : LeaseState.WRITE;
        for (Holder<O> h : holders) {
            if ((requester != null && requester.equals(h.key())) || (stat == Stat.METADATA && h.isLease())) {
                continue;
            }
            int held = h.state();
            boolean wasBreaking = h.breaking();
            int to = held & ~delayMask;
            if (overwrite) {
                to &= ~(LeaseState.HANDLE | LeaseState.READ);
            }
            if ((held & ~to) == 0) {
                delay |= h.breaking();
                continue;
            }
            if (overwrite) {
                to &= ~(LeaseState.READ | LeaseState.WRITE);
            }
            if (!h.isLease()) {
                to &= ~(LeaseState.HANDLE | LeaseState.WRITE);
            }
            breaks = add(breaks, h.startBreak(to));
            delay |= h.breaking() && (held & delayMask) != 0;
            delay |= wasBreaking && !firstTry;
        }
        return new Check<>(breaks, delay);
    }

    /**
     * Grants what a new open may have, once {@link #beforeOpen} found nothing to wait for and the
     * open was admitted. Only one writer may cache: W only without other opens (bar those of the
     * same lease); H is not given to a lease beside an oplock, nor an oplock beside an H lease. A
     * lease the client already holds on the file is upgraded only to a state it can wholly have
     * beside the others (smbtorture smb2.lease.upgrade3); else it stays as it is.
     *
     * @param others the file's other opens that count (stat opens do not)
     * @param lease  the lease context, or null for an oplock request
     * @param locked the file has byte-range locks: no read caching (reads must meet them)
     * @return the holder the open joined, or null (no oplock)
     */
    public Holder<O> grant(O open, Collection<O> others, int oplockLevel, LeaseRequest lease, boolean statOpen,
                           boolean locked) {
        int asked = lease != null ? LeaseState.grantable(lease.state())
                : statOpen ? LeaseState.NONE : OplockLevel.toState(oplockLevel);
        int granted = asked;
        if (locked) {
            granted &= ~LeaseState.READ;
        }
        boolean otherOpens = false;
        boolean otherOplock = false;
        boolean otherHandleLease = false;
        for (O o : others) {
            Holder<O> h = byOpen.get(o);
            boolean same = h != null && lease != null && lease.key().equals(h.key());
            otherOpens |= !same;
            if (h != null && !same) {
                otherOplock |= !h.isLease() && h.state() != LeaseState.NONE;
                otherHandleLease |= h.isLease() && (h.state() & LeaseState.HANDLE) != 0;
            }
        }
        if (otherOpens) {
            granted &= ~LeaseState.WRITE;
        }
        if (lease == null) {
            if (otherHandleLease) {
                granted = LeaseState.NONE;
            }
            int level = OplockLevel.of(granted);
            if (level == OplockLevel.NONE) {
                return null;
            }
            Holder<O> h = new Holder<>(null, 0, null, OplockLevel.toState(level), 0);
            holders.add(h);
            return join(h, open);
        }
        if (otherOplock) {
            granted &= ~LeaseState.HANDLE;
        }
        Holder<O> h = lease(lease.key());
        if (h == null) {
            h = new Holder<>(lease.key(), lease.version(), lease.parentKey(), granted,
                    lease.version() == 2 ? lease.epoch() + 1 : 0);
            holders.add(h);
        } else if (granted == asked) {
            h.upgrade(granted);
        }
        return join(h, open);
    }

    /**
     * A lease or oplock held before the server restarted (a persistent open's), in force again as
     * it was; opens of one lease share its holder.
     */
    public Holder<O> restore(O open, LeaseKey key, int version, int state, int epoch) {
        Holder<O> h = key == null ? null : lease(key);
        if (h == null) {
            h = new Holder<>(key, version, null, state, epoch);
            holders.add(h);
        }
        return join(h, open);
    }

    private Holder<O> join(Holder<O> h, O open) {
        h.addOpen(open);
        byOpen.put(open, h);
        return h;
    }

    /**
     * A write, a size change or a byte-range lock through {@code writer}: read caching ends
     * ([MS-FSA] 2.1.4.12, level II oplocks and R leases break to none), the writer's own level II
     * oplock included; its own lease, or an oplock that caches writes, stays. Nobody waits.
     */
    public List<Break<O>> beforeWrite(O writer) {
        Holder<O> own = byOpen.get(writer);
        List<Break<O>> breaks = List.of(); // asked on every WRITE: allocates only when something breaks
        for (Holder<O> h : holders) {
            boolean keeps = h == own && (h.isLease() || (h.state() & LeaseState.WRITE) != 0);
            if (!keeps && (h.state() & LeaseState.READ) != 0) {
                breaks = add(breaks, h.startBreak(LeaseState.NONE));
            }
        }
        return breaks;
    }

    /**
     * A rename through {@code renamer}: every other holder gives up handle caching (Windows and
     * Samba break H on rename, smbtorture smb2.lease.v2_rename). The rename does not wait.
     */
    public List<Break<O>> beforeRename(O renamer) {
        Holder<O> own = byOpen.get(renamer);
        List<Break<O>> breaks = List.of();
        for (Holder<O> h : holders) {
            if (h != own && (h.state() & LeaseState.HANDLE) != 0) {
                breaks = add(breaks, h.startBreak(h.state() & ~LeaseState.HANDLE));
            }
        }
        return breaks;
    }

    /** breaks with b added (when not null), in a list of its own once there is one to add. */
    private static <O> List<Break<O>> add(List<Break<O>> breaks, Break<O> b) {
        if (b == null) {
            return breaks;
        }
        List<Break<O>> out = breaks.isEmpty() ? new ArrayList<>() : breaks;
        out.add(b);
        return out;
    }

    /**
     * A local open of the file (through the FUSE mount), which takes part in no share mode and
     * keeps no lease: a reading open ends write and handle caching (the client flushes what it
     * cached and closes what it kept open), a writing open ends all caching. It waits while any
     * of these breaks is not acknowledged.
     */
    public Check<O> beforeLocalOpen(boolean write) {
        List<Break<O>> breaks = List.of();
        boolean delay = false;
        for (Holder<O> h : holders) {
            breaks = add(breaks, h.startBreak(write ? LeaseState.NONE : h.state() & LeaseState.READ));
            delay |= h.breaking();
        }
        return new Check<>(breaks, delay);
    }

    /**
     * LEASE_BREAK_ACK, [MS-SMB2] 3.3.5.22.2: the lease takes the acknowledged state. Returns a
     * further break when a conflict since the notification wants less, or null.
     */
    public Break<O> acknowledgeLease(Holder<O> h, int acked) {
        if (!h.breaking()) {
            throw new SmbException(NtStatus.UNSUCCESSFUL, "lease not breaking");
        }
        if (!h.allows(acked)) {
            throw new SmbException(NtStatus.REQUEST_NOT_ACCEPTED, "ack " + LeaseState.name(acked) + " above "
                    + LeaseState.name(h.breakTo()));
        }
        return h.acknowledged(acked);
    }

    /**
     * OPLOCK_BREAK acknowledgment, [MS-SMB2] 3.3.5.22.1: the oplock takes the acknowledged level (at
     * most what the break offered); returns the level it now has.
     */
    public int acknowledgeOplock(O open, int level) {
        Holder<O> h = byOpen.get(open);
        if (h == null || h.isLease() || !h.breaking()) {
            throw new SmbException(NtStatus.INVALID_OPLOCK_PROTOCOL, "no oplock break in progress");
        }
        int acked = OplockLevel.toState(level);
        if (level != OplockLevel.NONE && level != OplockLevel.II || !h.allows(acked)) {
            h.acknowledged(LeaseState.NONE);
            drop(h);
            throw new SmbException(NtStatus.INVALID_OPLOCK_PROTOCOL, "ack to level " + level);
        }
        h.acknowledged(acked);
        if (h.state() == LeaseState.NONE) {
            drop(h);
        }
        return OplockLevel.of(h.state());
    }

    /** A break that was not acknowledged in time leaves the holder caching nothing. */
    public void timedOut(Holder<O> h, long breakNumber) {
        if (h.breaking() && h.breakNumber() == breakNumber) {
            h.timedOut();
            if (!h.isLease() && h.state() == LeaseState.NONE) {
                drop(h);
            }
        }
    }

    private void drop(Holder<O> h) {
        holders.remove(h);
        h.opens().forEach(byOpen::remove);
    }

    /** The open closed; returns its holder if that held for no other open and is gone (a lease to forget). */
    public Holder<O> closed(O open) {
        Holder<O> h = byOpen.remove(open);
        if (h != null && h.removeOpen(open)) {
            holders.remove(h);
            return h;
        }
        return null;
    }

    /** Whether any holder still breaks (a waiting open tries again when none does, or on its timeout). */
    public boolean anyBreaking() {
        for (Holder<O> h : holders) {
            if (h.breaking()) {
                return true;
            }
        }
        return false;
    }
}
