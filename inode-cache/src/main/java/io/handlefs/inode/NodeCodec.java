package io.handlefs.inode;

import io.handlefs.codec.FileHandle;
import io.handlefs.codec.Generation;
import io.handlefs.codec.NodeId;

import java.nio.ByteBuffer;

/**
 * The byte layout of the durable node table's rows, format version {@value #FORMAT_VERSION}. All
 * integers big-endian, so that LMDB's byte order on node-ID keys is numeric order (sweeps walk IDs
 * in order).
 *
 * <pre>
 * database "ids":      key   u64 node ID
 *                      value u64 generation | u32 file type (S_IFMT bits) | u64 parent hint
 *                            | handle key (below)                         (36 + n bytes)
 * database "handles":  key   u32 export id | u64 fsid | u32 handle type | n handle bytes
 *                                                                (16 + n bytes, 1 ≤ n ≤ 128)
 *                      value u64 node ID
 * database "meta":     see {@link StoreMeta}
 * </pre>
 *
 * The handle key ends the record, so its length is the record's length less the fixed fields: no
 * stored length byte can disagree with the row. Decoding checks every length and throws
 * {@link NodeStoreException}; no buffer exception escapes.
 */
final class NodeCodec {
    static final int FORMAT_VERSION = 1;

    private static final int ID_BYTES = Long.BYTES;
    private static final int HANDLE_FIXED = Integer.BYTES + Long.BYTES + Integer.BYTES;
    private static final int RECORD_FIXED = Long.BYTES + Integer.BYTES + Long.BYTES;

    private NodeCodec() {
    }

    static byte[] idKey(NodeId id) {
        return u64(id.value());
    }

    static NodeId nodeId(byte[] bytes, String what) {
        return new NodeId(u64(bytes, what));
    }

    static byte[] handleKey(FileHandle h) {
        ByteBuffer b = ByteBuffer.allocate(HANDLE_FIXED + h.handleBytes().length);
        putHandle(b, h);
        return b.array();
    }

    static byte[] record(NodeRecord r) {
        byte[] handle = r.handle().handleBytes();
        ByteBuffer b = ByteBuffer.allocate(RECORD_FIXED + HANDLE_FIXED + handle.length)
                .putLong(r.generation().value())
                .putInt(r.fileType())
                .putLong(r.parentHint().value());
        putHandle(b, r.handle());
        return b.array();
    }

    /** The record stored under an ID key. */
    static NodeRecord record(byte[] idKey, byte[] value) {
        NodeId id = nodeId(idKey, "node ID key");
        int handleLength = value.length - RECORD_FIXED - HANDLE_FIXED;
        if (handleLength < 1) {
            throw new NodeStoreException(NodeStoreException.Reason.TRUNCATED,
                    "record of " + id + " has " + value.length + " bytes");
        }
        if (handleLength > FileHandle.MAX_HANDLE_BYTES) {
            throw new NodeStoreException(NodeStoreException.Reason.BAD_FORMAT,
                    "record of " + id + " holds a handle of " + handleLength + " bytes");
        }
        // Every length is checked above, so the reads below cannot underflow.
        ByteBuffer b = ByteBuffer.wrap(value);
        Generation generation = new Generation(b.getLong());
        int fileType = b.getInt();
        NodeId parentHint = new NodeId(b.getLong());
        int exportId = b.getInt();
        long fsId = b.getLong();
        int handleType = b.getInt();
        byte[] handle = new byte[handleLength];
        b.get(handle);
        return new NodeRecord(id, generation, new FileHandle(exportId, fsId, handleType, handle), fileType, parentHint);
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }

    static long u64(byte[] bytes, String what) {
        return ByteBuffer.wrap(exactly(bytes, Long.BYTES, what)).getLong();
    }

    static byte[] u32(int v) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(v).array();
    }

    static int u32(byte[] bytes, String what) {
        return ByteBuffer.wrap(exactly(bytes, Integer.BYTES, what)).getInt();
    }

    private static byte[] exactly(byte[] bytes, int length, String what) {
        if (bytes.length < length) {
            throw new NodeStoreException(NodeStoreException.Reason.TRUNCATED,
                    what + " has " + bytes.length + " bytes, not " + length);
        }
        if (bytes.length > length) {
            throw new NodeStoreException(NodeStoreException.Reason.BAD_FORMAT,
                    what + " has " + bytes.length + " bytes, not " + length);
        }
        return bytes;
    }

    private static void putHandle(ByteBuffer b, FileHandle h) {
        b.putInt(h.exportId()).putLong(h.fsId()).putInt(h.handleType()).put(h.handleBytes());
    }
}
