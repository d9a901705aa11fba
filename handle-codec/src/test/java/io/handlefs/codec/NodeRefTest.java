package io.handlefs.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NodeRefTest {
    @Test
    void bothPartsRequiredAndCompared() {
        assertThrows(NullPointerException.class, () -> new NodeRef(null, new Generation(1)));
        assertThrows(NullPointerException.class, () -> new NodeRef(NodeId.ROOT, null));
        NodeRef ref = new NodeRef(new NodeId(5), new Generation(2));
        assertEquals(ref, new NodeRef(new NodeId(5), new Generation(2)));
        assertNotEquals(ref, new NodeRef(new NodeId(5), new Generation(3)));
        assertEquals("node#5/gen#2", ref.toString());
    }
}
