package io.handlefs.inode;

import io.handlefs.codec.Generation;
import io.handlefs.codec.NodeId;
import org.lmdbjava.Dbi;
import org.lmdbjava.Txn;

import java.nio.charset.StandardCharsets;

/**
 * The meta rows of the durable node table, read and written inside the caller's transaction:
 *
 * <pre>
 * "format"     u32  layout version of every row ({@link NodeCodec#FORMAT_VERSION})
 * "next-id"    u64  the next node ID to give: only ever raised, so IDs are never reused,
 *                   not even those of removed nodes at the top of the range
 * "generation" u64  the generation of nodes created since the latest open
 * </pre>
 */
final class StoreMeta {
    private static final byte[] FORMAT = key("format");
    private static final byte[] NEXT_ID = key("next-id");
    private static final byte[] GENERATION = key("generation");

    private final Dbi<byte[]> dbi;

    StoreMeta(Dbi<byte[]> dbi) {
        this.dbi = dbi;
    }

    /**
     * Checks (or, in a new store, writes) the format and draws the generation for nodes this open
     * creates: above every earlier one, and from the clock like {@link MemoryNodeTable}'s. If a crash
     * under a lazy {@link SyncPolicy} lost the newest nodes, their IDs are given again — but with
     * this new generation, so the kernel's (ID, old generation) pairs answer ESTALE.
     *
     * @param fresh whether the store holds no node rows (so missing meta rows mean "new")
     */
    Generation open(Txn<byte[]> txn, boolean fresh, long clock) {
        byte[] stored = dbi.get(txn, FORMAT);
        if (stored == null) {
            if (!fresh) {
                throw new NodeStoreException(NodeStoreException.Reason.BAD_FORMAT, "node rows without a format row");
            }
            dbi.put(txn, FORMAT, NodeCodec.u32(NodeCodec.FORMAT_VERSION));
            dbi.put(txn, NEXT_ID, NodeCodec.idKey(new NodeId(NodeId.ROOT.value() + 1)));
        } else {
            int format = NodeCodec.u32(stored, "format row");
            if (format != NodeCodec.FORMAT_VERSION) {
                throw new NodeStoreException(NodeStoreException.Reason.BAD_VERSION,
                        "store format " + format + ", this build reads " + NodeCodec.FORMAT_VERSION);
            }
        }
        next(txn);
        byte[] earlier = dbi.get(txn, GENERATION);
        long generation = earlier == null ? clock : Math.max(clock, NodeCodec.u64(earlier, "generation row") + 1);
        dbi.put(txn, GENERATION, NodeCodec.u64(generation));
        return new Generation(generation);
    }

    /** The next node ID to give, as the store holds it. */
    NodeId next(Txn<byte[]> txn) {
        byte[] next = dbi.get(txn, NEXT_ID);
        if (next == null) {
            throw new NodeStoreException(NodeStoreException.Reason.BAD_FORMAT, "no next-id row");
        }
        return NodeCodec.nodeId(next, "next-id row");
    }

    /**
     * Raises the stored next ID to next (never lowers it): the caller's commit makes every ID
     * below it taken for ever. IDs are drawn in memory and their records committed in batches, so
     * the row follows the IDs given rather than leading them.
     */
    void raise(Txn<byte[]> txn, NodeId next) {
        if (next.value() > next(txn).value()) {
            dbi.put(txn, NEXT_ID, NodeCodec.idKey(next));
        }
    }

    private static byte[] key(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }
}
