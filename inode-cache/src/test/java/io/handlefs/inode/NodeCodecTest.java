package io.handlefs.inode;

import io.handlefs.codec.FileHandle;
import io.handlefs.codec.Generation;
import io.handlefs.codec.NodeId;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;

import static io.handlefs.inode.LmdbNodeTableTest.assertReason;
import static org.junit.jupiter.api.Assertions.*;

/** Golden vectors of the stored layout: a change here is a format change and needs a new version. */
class NodeCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final FileHandle HANDLE = new FileHandle(1, 0xabcdL, 1, HEX.parseHex("0c00000001000000"));
    private static final NodeRecord RECORD =
            new NodeRecord(new NodeId(2), new Generation(0x0102030405060708L), HANDLE, 0100000, NodeId.ROOT);
    private static final String HANDLE_KEY = "00000001" + "000000000000abcd" + "00000001" + "0c00000001000000";
    private static final String RECORD_VALUE = "0102030405060708" + "00008000" + "0000000000000001" + HANDLE_KEY;

    @Test
    void keysAndRecordMatchTheDrawnLayout() {
        assertEquals("0000000000000002", HEX.formatHex(NodeCodec.idKey(RECORD.id())));
        assertEquals(HANDLE_KEY, HEX.formatHex(NodeCodec.handleKey(HANDLE)));
        assertEquals(RECORD_VALUE, HEX.formatHex(NodeCodec.record(RECORD)));
    }

    @Test
    void recordRoundTrips() {
        assertEquals(RECORD, NodeCodec.record(NodeCodec.idKey(RECORD.id()), HEX.parseHex(RECORD_VALUE)));
        byte[] longest = new byte[FileHandle.MAX_HANDLE_BYTES];
        Arrays.fill(longest, (byte) 0xff);
        NodeRecord big = new NodeRecord(new NodeId(-1), new Generation(-1), new FileHandle(-1, -1, -1, longest), -1,
                new NodeId(Long.MAX_VALUE));
        assertEquals(big, NodeCodec.record(NodeCodec.idKey(big.id()), NodeCodec.record(big)));
    }

    @Test
    void shortOrLongValuesAreTypedErrors() {
        byte[] key = NodeCodec.idKey(RECORD.id());
        byte[] value = HEX.parseHex(RECORD_VALUE);
        assertReason(NodeStoreException.Reason.TRUNCATED, () -> NodeCodec.record(key, Arrays.copyOf(value, 36)));
        assertReason(NodeStoreException.Reason.TRUNCATED, () -> NodeCodec.record(key, new byte[0]));
        assertReason(NodeStoreException.Reason.BAD_FORMAT, () -> NodeCodec.record(key, new byte[36 + 129]));
        assertReason(NodeStoreException.Reason.TRUNCATED, () -> NodeCodec.record(new byte[7], value));
        assertReason(NodeStoreException.Reason.BAD_FORMAT, () -> NodeCodec.record(new byte[9], value));
        assertReason(NodeStoreException.Reason.TRUNCATED, () -> NodeCodec.u32(new byte[3], "row"));
    }
}
