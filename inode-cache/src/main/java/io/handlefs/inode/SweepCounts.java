package io.handlefs.inode;

/**
 * What one {@link NodeTable#sweep} did.
 *
 * @param kept       nodes that stay (the root always does, and so does a node that changed
 *                   between being judged and being removed)
 * @param removed    nodes removed
 * @param unreadable rows that do not decode: counted and left for a repair, never judged
 */
public record SweepCounts(long kept, long removed, long unreadable) {
}
