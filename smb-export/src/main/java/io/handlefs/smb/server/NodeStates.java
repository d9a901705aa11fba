package io.handlefs.smb.server;

import io.handlefs.codec.NodeId;
import io.handlefs.smb.server.lease.FileCaching;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What SMB opens of one file share across sessions and connections: the opens (for share
 * modes), delete-pending, byte-range locks and the lock requests waiting on them. A node's
 * state is dropped with its last open. Each state is its own monitor.
 */
final class NodeStates {
    /** One file's shared state. */
    static final class State {
        final List<Open> opens = new ArrayList<>();
        final ByteRangeLocks locks = new ByteRangeLocks();
        final List<Runnable> lockWaiters = new ArrayList<>();
        final FileCaching<Open> caching = new FileCaching<>();
        /** Opens (SMB or local) waiting for breaks of this file's leases and oplocks. */
        final List<Runnable> breakWaiters = new ArrayList<>();
        boolean deletePending;
        /** Callers between {@link #acquire} and adding their open (or giving up). */
        private int pins;
        /** Taken out of the map: whoever still holds it must acquire again. */
        private boolean dropped;
    }

    private final Map<NodeId, State> states = new ConcurrentHashMap<>();

    /**
     * The state of a node, created if needed, pinned so that it stays in the map (a release by
     * another thread, an expiring durable open, cannot drop it from under the caller); the caller
     * must {@link #unpin} it once it has added its open or given up.
     */
    State acquire(NodeId node) {
        for (;;) {
            State s = states.computeIfAbsent(node, n -> new State());
            synchronized (s) {
                if (!s.dropped) {
                    s.pins++;
                    return s;
                }
            }
            states.remove(node, s);
        }
    }

    /** Ends an {@link #acquire}; drops the state if nothing holds it. */
    void unpin(NodeId node, State state) {
        synchronized (state) {
            state.pins--;
        }
        release(node, state);
    }

    /** The state of a node that has opens, or null. */
    State get(NodeId node) {
        return states.get(node);
    }

    /** Drops the state if nothing holds it any more. */
    void release(NodeId node, State state) {
        synchronized (state) {
            if (state.dropped || !state.opens.isEmpty() || !state.lockWaiters.isEmpty()
                    || !state.breakWaiters.isEmpty() || state.pins > 0) {
                return;
            }
            state.dropped = true;
        }
        states.remove(node, state);
    }

    /** Runs and forgets the waiters of a state (a lock went away: each tries again). */
    static void wake(State state) {
        List<Runnable> waiters;
        synchronized (state) {
            waiters = new ArrayList<>(state.lockWaiters);
            state.lockWaiters.clear();
        }
        waiters.forEach(Runnable::run);
    }
}
