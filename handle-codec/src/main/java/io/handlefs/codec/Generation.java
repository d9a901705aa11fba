package io.handlefs.codec;

/**
 * The generation that accompanies a node ID in FUSE entry replies (and so in the kernel's NFS
 * file handles): the pair (node ID, generation) names one file for ever.
 */
public record Generation(long value) {
    @Override
    public String toString() {
        return "gen#" + value;
    }
}
