package io.handlefs.fuse.wire;

import static io.handlefs.fuse.wire.WireBytes.le;
import static io.handlefs.fuse.wire.WireBytes.request;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.handlefs.fuse.wire.FuseDecodeException.Reason;
import io.handlefs.sys.Linux;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NameTest {

    /** Opcodes with a path component, and how to build a body around a raw name (no NUL). */
    static Stream<Arguments> componentOps() {
        Function<byte[], byte[]> lookup = n -> le().bytes(n).build();
        return Stream.of(
                Arguments.of(FuseOpcode.LOOKUP, lookup),
                Arguments.of(FuseOpcode.UNLINK, lookup),
                Arguments.of(FuseOpcode.RMDIR, lookup),
                Arguments.of(FuseOpcode.MKDIR, (Function<byte[], byte[]>) n ->
                        le().u32(0755).u32(0).bytes(n).build()),
                Arguments.of(FuseOpcode.MKNOD, (Function<byte[], byte[]>) n ->
                        le().u32(0).u32(0).u32(0).u32(0).bytes(n).build()),
                Arguments.of(FuseOpcode.CREATE, (Function<byte[], byte[]>) n ->
                        le().u32(0).u32(0).u32(0).u32(0).bytes(n).build()),
                Arguments.of(FuseOpcode.LINK, (Function<byte[], byte[]>) n ->
                        le().u64(5).bytes(n).build()),
                Arguments.of(FuseOpcode.SYMLINK, (Function<byte[], byte[]>) n ->
                        le().bytes(n).build()),
                Arguments.of(FuseOpcode.RENAME, (Function<byte[], byte[]>) n ->
                        le().u64(5).cstr("ok").bytes(n).build()),
                Arguments.of(FuseOpcode.RENAME2, (Function<byte[], byte[]>) n ->
                        le().u64(5).u32(0).u32(0).bytes(n).build()));
    }

    private static byte[] nameOf(int len, byte fill) {
        byte[] b = new byte[len];
        Arrays.fill(b, fill);
        return b;
    }

    private static byte[] withNul(byte[] n) {
        return Arrays.copyOf(n, n.length + 1);
    }

    private static Reason reasonFor(FuseOpcode op, byte[] body) {
        return assertThrows(FuseDecodeException.class,
                () -> FuseRequestDecoder.BEFORE_INIT.decode(request(op, body))).reason();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("componentOps")
    void badNames(FuseOpcode op, Function<byte[], byte[]> body) {
        // missing NUL: the name runs to the end of the body
        assertEquals(Reason.MISSING_NUL, reasonFor(op, body.apply(nameOf(5, (byte) 'a'))));
        // empty
        assertEquals(Reason.EMPTY_NAME, reasonFor(op, body.apply(new byte[1])));
        // 256 bytes
        assertEquals(Reason.NAME_TOO_LONG,
                reasonFor(op, body.apply(withNul(nameOf(256, (byte) 'b')))));
        // with a slash
        assertEquals(Reason.BAD_NAME, reasonFor(op, body.apply(withNul("a/b".getBytes()))));
    }

    @Test
    void nameOf255IsFineAnd256GivesEnametoolong() throws Exception {
        String n255 = "n".repeat(255);
        DecodedRequest r = FuseRequestDecoder.BEFORE_INIT.decode(
                request(FuseOpcode.LOOKUP, le().cstr(n255).build()));
        assertEquals(n255, ((FuseRequest.Lookup) r.body()).name());
        FuseDecodeException e = assertThrows(FuseDecodeException.class,
                () -> FuseRequestDecoder.BEFORE_INIT.decode(
                        request(FuseOpcode.LOOKUP, le().cstr("n".repeat(256)).build())));
        assertEquals(Reason.NAME_TOO_LONG, e.reason());
        assertEquals(36, e.errno());
        assertEquals(99, e.header().unique());
    }

    @Test
    void xattrNameLimits() {
        assertEquals(Reason.NAME_TOO_LONG, reasonFor(FuseOpcode.GETXATTR,
                le().u32(0).u32(0).cstr("user." + "x".repeat(251)).build()));
        assertEquals(Reason.EMPTY_NAME, reasonFor(FuseOpcode.REMOVEXATTR, new byte[1]));
        assertEquals(Reason.MISSING_NUL, reasonFor(FuseOpcode.REMOVEXATTR, "user.a".getBytes()));
    }

    /** Every byte value but NUL and '/', split into two names of at most 255 bytes. */
    private static byte[][] allRawBytes() {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        for (int v = 1; v <= 0xFF; v++) {
            if (v != '/') {
                a.write(v);
            }
        }
        byte[] all = a.toByteArray(); // 253 bytes
        return new byte[][] {all, Arrays.copyOfRange(all, 0x7F, all.length)};
    }

    @Test
    void rawByteNamesRoundTrip() throws Exception {
        for (byte[] raw : allRawBytes()) {
            DecodedRequest r = FuseRequestDecoder.BEFORE_INIT.decode(
                    request(FuseOpcode.LOOKUP, le().bytes(raw).zeros(1).build()));
            String name = ((FuseRequest.Lookup) r.body()).name();
            assertEquals(raw.length, name.length());
            for (int i = 0; i < raw.length; i++) {
                assertEquals(raw[i] & 0xFF, name.charAt(i));
            }
            assertArrayEquals(raw, FuseNames.toBytes(name));

            // back out through a dirent
            ByteBuffer out = ByteBuffer.allocateDirect(1024).order(ByteOrder.LITTLE_ENDIAN);
            DirentWriter w = new DirentWriter(out, 1024);
            assertEquals(true, w.add(1, 1, Linux.DT_REG, name));
            byte[] got = new byte[raw.length];
            out.get(DirentWriter.DIRENT_NAME_OFFSET, got);
            assertArrayEquals(raw, got);
            assertEquals(raw.length, out.getInt(16));

            // and through a notification
            int n = FuseNotify.invalEntry(out, 1, name, 0);
            byte[] notified = new byte[raw.length];
            out.get(16 + 16, notified);
            assertArrayEquals(raw, notified);
            assertEquals(0, out.get(n - 1));
        }
    }

    @Test
    void highBytesInSymlinkTargetAndXattrValue() throws Exception {
        byte[] target = {(byte) 0xC3, (byte) 0x28, '/', (byte) 0xFF};
        DecodedRequest r = FuseRequestDecoder.BEFORE_INIT.decode(request(FuseOpcode.SYMLINK,
                le().bytes(new byte[] {(byte) 0x80}).zeros(1).bytes(target).zeros(1).build()));
        FuseRequest.Symlink s = (FuseRequest.Symlink) r.body();
        assertEquals("\u0080", s.name());
        assertArrayEquals(target, FuseNames.toBytes(s.target()));
    }

    @Test
    void toBytesRejectsNonRawStrings() {
        assertThrows(IllegalArgumentException.class, () -> FuseNames.toBytes("\u20ac"));
        assertArrayEquals(new byte[] {(byte) 0xE9}, FuseNames.toBytes(FuseNames.fromBytes(
                new byte[] {(byte) 0xE9})));
    }
}
