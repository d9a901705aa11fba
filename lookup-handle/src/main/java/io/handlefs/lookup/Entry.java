package io.handlefs.lookup;

import io.handlefs.inode.NodeRecord;
import io.handlefs.sys.Stat;

/** A looked-up file: its node and its attributes at the time of the lookup. */
public record Entry(NodeRecord node, Stat stat) {}
