package io.handlefs.fuse.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FuseOpcodeTest {

    @Test
    void wireValuesMatchFuseH() {
        assertEquals(1, FuseOpcode.LOOKUP.code());
        assertEquals(7 + 1, FuseOpcode.MKNOD.code());
        assertEquals(20, FuseOpcode.FSYNC.code());
        assertEquals(26, FuseOpcode.INIT.code());
        assertEquals(36, FuseOpcode.INTERRUPT.code());
        assertEquals(38, FuseOpcode.DESTROY.code());
        assertEquals(41, FuseOpcode.NOTIFY_REPLY.code());
        assertEquals(42, FuseOpcode.BATCH_FORGET.code());
        assertEquals(43, FuseOpcode.FALLOCATE.code());
        assertEquals(44, FuseOpcode.READDIRPLUS.code());
        assertEquals(45, FuseOpcode.RENAME2.code());
        assertEquals(46, FuseOpcode.LSEEK.code());
        assertEquals(47, FuseOpcode.COPY_FILE_RANGE.code());
        assertEquals(48, FuseOpcode.SETUPMAPPING.code());
        assertEquals(49, FuseOpcode.REMOVEMAPPING.code());
        assertEquals(50, FuseOpcode.SYNCFS.code());
        assertEquals(51, FuseOpcode.TMPFILE.code());
        assertEquals(52, FuseOpcode.STATX.code());
        assertEquals(53, FuseOpcode.COPY_FILE_RANGE_64.code());
        assertEquals(4096, FuseOpcode.CUSE_INIT.code());
    }

    @Test
    void lookupIsInverseAndUnknownIsNull() {
        Set<Integer> codes = new HashSet<>();
        for (FuseOpcode op : FuseOpcode.values()) {
            assertSame(op, FuseOpcode.of(op.code()));
            assertTrue(codes.add(op.code()), "duplicate " + op);
        }
        assertNull(FuseOpcode.of(0));
        assertNull(FuseOpcode.of(7));
        assertNull(FuseOpcode.of(19));
        assertNull(FuseOpcode.of(54));
        assertNull(FuseOpcode.of(4095));
        assertNull(FuseOpcode.of(-1));
        assertNull(FuseOpcode.of(Integer.MIN_VALUE));
        assertNull(FuseOpcode.of(436207616)); // FUSE_INIT_BSWAP_RESERVED
    }

    @Test
    void noReplyOpcodes() {
        assertFalse(FuseOpcode.FORGET.expectsReply());
        assertFalse(FuseOpcode.BATCH_FORGET.expectsReply());
        assertFalse(FuseOpcode.NOTIFY_REPLY.expectsReply());
        assertFalse(FuseOpcode.INTERRUPT.expectsReply());
        assertTrue(FuseOpcode.LOOKUP.expectsReply());
        assertTrue(FuseOpcode.DESTROY.expectsReply());
    }

    @Test
    void notifyCodes() {
        int i = 1;
        for (FuseNotifyCode c : FuseNotifyCode.values()) {
            assertEquals(i++, c.code());
            assertSame(c, FuseNotifyCode.of(c.code()));
        }
        assertEquals(8, FuseNotifyCode.INC_EPOCH.code());
        assertNull(FuseNotifyCode.of(0));
        assertNull(FuseNotifyCode.of(10));
    }
}
