package io.handlefs.smb.mssmb2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The oplock and lease messages (OPLOCK_BREAK's four forms, the RqLs create context): golden
 * bytes and truncated input; round trips and random input through {@link MessageCodecTest}.
 */
class LeaseMessagesTest {
    private static final FileId FID = new FileId(0x1122334455667788L, 0x99AABBCCDDEEFF00L);
    private static final byte[] KEY = HexFormat.of().parseHex("0df0dde0fe0fdcbaf20f221f011f23f4");

    /** The oplock and lease records: {@link MessageCodecTest} runs its round trip and hostile input on them too. */
    static Stream<MessageCodecTest.Case> cases() {
        return Stream.of(
                new MessageCodecTest.Case("oplock break", new OplockBreak(0x01, FID), OplockBreak::decode),
                new MessageCodecTest.Case("lease break notification", new LeaseBreakNotification(0x4712, 1, KEY, 7, 3),
                        LeaseBreakNotification::decode),
                new MessageCodecTest.Case("lease break ack", new LeaseBreakAck(0, KEY, 3, 0), LeaseBreakAck::decode));
    }

    /** Fixed-size messages: every shorter input is refused, not only a cut header. */
    @ParameterizedTest
    @MethodSource("cases")
    void truncatedAtEveryLengthIsRefused(MessageCodecTest.Case c) {
        byte[] bytes = MessageCodecTest.encode(c.sample());
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThrows(SmbDecodeException.class, () -> c.decoder().apply(ByteBuffer.wrap(cut)), c + " at " + n);
        }
    }

    @Test
    void oplockBreakGoldenBytes() {
        byte[] body = Arrays.copyOfRange(MessageCodecTest.encode(new OplockBreak(0x09, FID)), Smb2Header.SIZE,
                Smb2Header.SIZE + 24);
        assertEquals("1800" + "09" + "00" + "00000000" + "8877665544332211" + "00ffeeddccbbaa99",
                HexFormat.of().formatHex(body));
    }

    @Test
    void leaseBreakNotificationGoldenBytes() {
        byte[] body = Arrays.copyOfRange(MessageCodecTest.encode(new LeaseBreakNotification(2, 1, KEY, 7, 3)),
                Smb2Header.SIZE, Smb2Header.SIZE + 44);
        assertEquals("2c00" + "0200" + "01000000" + HexFormat.of().formatHex(KEY) + "07000000" + "03000000"
                + "000000000000000000000000", HexFormat.of().formatHex(body));
    }

    @Test
    void leaseContextVersion1And2() {
        LeaseContext v1 = new LeaseContext(1, KEY, 7, 0, new byte[16], 0);
        assertEquals(HexFormat.of().formatHex(KEY) + "07000000" + "00000000" + "0000000000000000",
                HexFormat.of().formatHex(v1.encode()));
        byte[] parent = new byte[16];
        parent[0] = 9;
        LeaseContext v2 = new LeaseContext(2, KEY, 3, LeaseContext.FLAG_PARENT_LEASE_KEY_SET, parent, 0x4711);
        byte[] wire = v2.encode();
        assertEquals(LeaseContext.V2_SIZE, wire.length);
        LeaseContext back = LeaseContext.decode(wire);
        assertEquals(2, back.version());
        assertEquals(0x4711, back.epoch());
        assertArrayEquals(parent, back.parentLeaseKey());
        assertArrayEquals(KEY, back.leaseKey());
        assertEquals(1, LeaseContext.decode(v1.encode()).version());
    }

    @Test
    void leaseContextOfAnyOtherSizeIsRefused() {
        for (int n : new int[] {0, 16, 31, 33, 51, 53, 4096}) {
            assertThrows(SmbDecodeException.class, () -> LeaseContext.decode(new byte[n]), n + " bytes");
        }
    }

    @Test
    void oplockBreakWithALeaseSizeIsRefused() {
        byte[] lease = MessageCodecTest.encode(new LeaseBreakAck(0, KEY, 3, 0));
        assertThrows(SmbDecodeException.class, () -> OplockBreak.decode(ByteBuffer.wrap(lease)));
        byte[] oplock = MessageCodecTest.encode(new OplockBreak(1, FID));
        assertThrows(SmbDecodeException.class, () -> LeaseBreakAck.decode(ByteBuffer.wrap(oplock)));
    }
}
