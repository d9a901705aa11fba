package io.handlefs.fuse.wire;

import static io.handlefs.fuse.wire.WireBytes.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every decoder, fed its body cut at every shorter length, throws FuseDecodeException only. */
class TruncationTest {

    static Stream<Arguments> bodies() {
        return ValidBodies.all().entrySet().stream()
                .map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void everyDecodedOpcodeHasAVector() {
        Map<FuseOpcode, byte[]> all = ValidBodies.all();
        for (FuseOpcode op : FuseOpcode.values()) {
            switch (op) {
                case READLINK, STATFS, DESTROY, BMAP, IOCTL, POLL, NOTIFY_REPLY, SETUPMAPPING,
                        REMOVEMAPPING, CUSE_INIT -> {
                }
                default -> assertNotNull(all.get(op), "no vector for " + op);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void fullBodyDecodes(FuseOpcode op, byte[] body) throws Exception {
        for (FuseRequestDecoder d : new FuseRequestDecoder[] {FuseRequestDecoder.BEFORE_INIT}) {
            DecodedRequest r = d.decode(request(op, body));
            assertFalse(r.unsupported(), op.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void everyTruncationThrowsDecodeException(FuseOpcode op, byte[] body) {
        for (int len = 0; len < body.length; len++) {
            byte[] cut = Arrays.copyOf(body, len);
            try {
                FuseRequestDecoder.BEFORE_INIT.decodeBody(op, op.code(), ByteBuffer.wrap(cut));
                fail(op + " decoded a body cut to " + len + " of " + body.length + " bytes");
            } catch (FuseDecodeException expected) {
                // the one permitted outcome
            } catch (RuntimeException other) {
                fail(op + " cut to " + len + " threw " + other, other);
            }
            // and through the full decoder, with the header attached to the exception
            final int l = len;
            FuseDecodeException e = assertThrows(FuseDecodeException.class,
                    () -> FuseRequestDecoder.BEFORE_INIT.decode(request(op, cut)),
                    () -> op + " len " + l);
            assertNotNull(e.header());
            assertEquals(99, e.header().unique());
        }
    }

    @Test
    void setxattrExtTruncations() {
        byte[] body = WireBytes.le().u32(2).u32(0).u32(0).u32(0).cstr("user.x")
                .bytes(new byte[] {7, 7}).build();
        FuseRequestDecoder ext = FuseRequestDecoder.forFlags(InitFlags.SETXATTR_EXT);
        for (int len = 0; len < body.length; len++) {
            byte[] cut = Arrays.copyOf(body, len);
            assertThrows(FuseDecodeException.class,
                    () -> ext.decodeBody(FuseOpcode.SETXATTR, 21, ByteBuffer.wrap(cut)));
        }
    }

    @Test
    void oldInitTruncations() {
        byte[] body = WireBytes.le().u32(7).u32(31).u32(0).u32(0).build();
        for (int len = 0; len < body.length; len++) {
            byte[] cut = Arrays.copyOf(body, len);
            assertThrows(FuseDecodeException.class, () -> FuseRequestDecoder.BEFORE_INIT
                    .decodeBody(FuseOpcode.INIT, 26, ByteBuffer.wrap(cut)));
        }
    }
}
