package io.handlefs.lookup;

import io.handlefs.codec.NodeId;

/**
 * What an open through the FUSE mount passes first: another view of the export (the SMB server in
 * the same process) may cache the file for a client (a lease or an oplock) in a way a local open
 * contradicts. The gate breaks that caching and returns once the client acknowledged, or after
 * the gate's own bound, so that a FUSE worker never waits without end. Without such a view the
 * gate is {@link #OPEN}.
 */
@FunctionalInterface
public interface OpenGate {
    /** The gate of an export that nothing else serves: every open proceeds at once. */
    OpenGate OPEN = (node, flags) -> { };

    /**
     * Called before the node is opened with these open(2) flags; blocks at most the gate's bound.
     * Must not be called on a thread the gate needs to see the acknowledgment.
     */
    void beforeOpen(NodeId node, int flags);
}
