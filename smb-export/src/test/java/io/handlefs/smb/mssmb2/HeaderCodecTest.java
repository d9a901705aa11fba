package io.handlefs.smb.mssmb2;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** The SMB2 header and the transform header: golden bytes, truncation, bad magic, junk. */
class HeaderCodecTest {
    /** A sync ECHO request header, message id 5, tree 7, session 0x1000 (hand-assembled per 2.2.1.2). */
    private static final String ECHO_HEADER = "fe534d42" + "4000" + "0100" + "00000000" + "0d00" + "0a00"
            + "00000000" + "00000000" + "0500000000000000" + "00000000" + "07000000" + "0010000000000000"
            + "00000000000000000000000000000000";

    @Test
    void goldenHeader() {
        byte[] golden = HexFormat.of().parseHex(ECHO_HEADER);
        Smb2Header h = Smb2Header.decode(ByteBuffer.wrap(golden));
        assertEquals(Command.ECHO, h.command());
        assertEquals(5, h.messageId());
        assertEquals(7, h.treeId());
        assertEquals(0x1000, h.sessionId());
        assertEquals(10, h.credits());
        ByteBuffer out = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        h.encode(out);
        assertArrayEquals(golden, out.array());
    }

    @Test
    void unknownCommandDecodesForAnAnswer() {
        byte[] b = HexFormat.of().parseHex(ECHO_HEADER);
        b[12] = 0x55;
        assertNull(Smb2Header.decode(ByteBuffer.wrap(b)).command());
    }

    @Test
    void badMagicAndTruncation() {
        byte[] b = HexFormat.of().parseHex(ECHO_HEADER);
        b[0] = (byte) 0xff;
        assertThrows(SmbDecodeException.class, () -> Smb2Header.decode(ByteBuffer.wrap(b)));
        byte[] good = HexFormat.of().parseHex(ECHO_HEADER);
        for (int n = 0; n < 64; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThrows(SmbDecodeException.class, () -> Smb2Header.decode(ByteBuffer.wrap(cut)));
        }
    }

    @Test
    void transformHeaderRoundTripAndHostile() {
        TransformHeader t = new TransformHeader(new byte[16], new byte[16], 100, 1, 0x1000);
        ByteBuffer b = ByteBuffer.allocate(TransformHeader.SIZE + 100).order(ByteOrder.LITTLE_ENDIAN);
        t.encode(b);
        TransformHeader back = TransformHeader.decode(ByteBuffer.wrap(b.array()));
        assertEquals(100, back.originalMessageSize());
        assertEquals(0x1000, back.sessionId());
        byte[] lying = b.array().clone();
        ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putInt(36, 0x7FFFFFFF);
        assertThrows(SmbDecodeException.class, () -> TransformHeader.decode(ByteBuffer.wrap(lying)));
        Random random = new Random(1);
        for (int i = 0; i < 1000; i++) {
            byte[] junk = new byte[random.nextInt(80)];
            random.nextBytes(junk);
            try {
                TransformHeader.decode(ByteBuffer.wrap(junk));
            } catch (SmbDecodeException expected) {
                // refused
            } catch (RuntimeException e) {
                fail(e);
            }
        }
    }
}
