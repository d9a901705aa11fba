package io.handlefs.smb.mssmb2;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The durable-handle and app-instance create contexts: golden bytes, round trips, and truncated,
 * oversized and random data, which may only end in {@link SmbDecodeException}.
 */
class DurableContextsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Guid GUID = new Guid(HEX.parseHex("00112233445566778899aabbccddeeff"));
    private static final FileId FID = new FileId(0x1122334455667788L, 0x99AABBCCDDEEFF00L);

    /** A context to test: a sample's bytes and the decoder that must give the sample back. */
    record Case(String name, Object sample, byte[] bytes, Function<byte[], Object> decoder) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        DurableHandleRequestV2 dh2q = new DurableHandleRequestV2(300_000, DurableHandleRequestV2.FLAG_PERSISTENT, GUID);
        DurableHandleReconnectV2 dh2c = new DurableHandleReconnectV2(FID, GUID, DurableHandleRequestV2.FLAG_PERSISTENT);
        DurableHandleResponseV2 dh2qResponse = new DurableHandleResponseV2(60_000, 2);
        DurableHandleReconnect dhnc = new DurableHandleReconnect(FID);
        AppInstanceId app = new AppInstanceId(GUID);
        AppInstanceVersion version = new AppInstanceVersion(7, -1);
        return Stream.of(
                new Case("DHnQ", new DurableHandleRequest(), new DurableHandleRequest().encode(), DurableHandleRequest::decode),
                new Case("DHnC", dhnc, dhnc.encode(), DurableHandleReconnect::decode),
                new Case("DH2Q", dh2q, dh2q.encode(), DurableHandleRequestV2::decode),
                new Case("DH2Q response", dh2qResponse, dh2qResponse.encode(), DurableHandleResponseV2::decode),
                new Case("DH2C", dh2c, dh2c.encode(), DurableHandleReconnectV2::decode),
                new Case("AppInstanceId", app, app.encode(), AppInstanceId::decode),
                new Case("AppInstanceVersion", version, version.encode(), AppInstanceVersion::decode));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void roundTrip(Case c) {
        assertEquals(c.sample(), c.decoder().apply(c.bytes()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void truncatedAndOversizedAreMalformed(Case c) {
        for (int n = 0; n < c.bytes().length; n++) {
            byte[] shorter = Arrays.copyOf(c.bytes(), n);
            SmbDecodeException e = assertThrows(SmbDecodeException.class, () -> c.decoder().apply(shorter), "length " + n);
            assertEquals(SmbDecodeException.Kind.TRUNCATED, e.kind());
        }
        byte[] longer = Arrays.copyOf(c.bytes(), c.bytes().length + 8);
        SmbDecodeException e = assertThrows(SmbDecodeException.class, () -> c.decoder().apply(longer));
        assertEquals(SmbDecodeException.Kind.TOO_LARGE, e.kind());
        assertEquals(NtStatus.INVALID_PARAMETER, e.status());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void randomBytesOnlyEverFailAsMalformed(Case c) {
        Random random = new Random(c.name().hashCode());
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[i % 3 == 0 ? c.bytes().length : random.nextInt(64)];
            random.nextBytes(junk);
            try {
                c.decoder().apply(junk);
            } catch (SmbDecodeException expected) {
                // refused as malformed
            } catch (RuntimeException e) {
                fail(c + ": random bytes threw " + e, e);
            }
        }
    }

    @Test
    void dh2qGoldenBytes() {
        byte[] wire = HEX.parseHex("e0930400" + "02000000" + "0000000000000000" + "00112233445566778899aabbccddeeff");
        DurableHandleRequestV2 r = DurableHandleRequestV2.decode(wire);
        assertEquals(300_000, r.timeoutMillis());
        assertTrue(r.persistent());
        assertEquals(GUID, r.createGuid());
        assertArrayEquals(wire, r.encode());
    }

    @Test
    void dh2cGoldenBytes() {
        byte[] wire = HEX.parseHex("8877665544332211" + "00ffeeddccbbaa99" + "00112233445566778899aabbccddeeff" + "02000000");
        assertEquals(new DurableHandleReconnectV2(FID, GUID, 2), DurableHandleReconnectV2.decode(wire));
    }

    @Test
    void appInstanceContextsCheckTheirStructureSize() {
        byte[] id = new AppInstanceId(GUID).encode();
        id[0] = 21;
        assertEquals(SmbDecodeException.Kind.BAD_VALUE,
                assertThrows(SmbDecodeException.class, () -> AppInstanceId.decode(id)).kind());
        byte[] version = new AppInstanceVersion(1, 2).encode();
        version[0] = 0;
        assertEquals(SmbDecodeException.Kind.BAD_VALUE,
                assertThrows(SmbDecodeException.class, () -> AppInstanceVersion.decode(version)).kind());
    }

    /** The tags are GUIDs in wire order: the bytes a client sends as the context's name. */
    @Test
    void appInstanceTagsAreTheirGuidsBytes() {
        assertArrayEquals(new byte[] {0x45, (byte) 0xBC, (byte) 0xA6, 0x6A, (byte) 0xEF, (byte) 0xA7, (byte) 0xF7, 0x4A,
                (byte) 0x90, 0x08, (byte) 0xFA, 0x46, 0x2E, 0x14, 0x4D, 0x74},
                AppInstanceId.NAME.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("b982d0b73b56074fa07b524a8116a010",
                HEX.formatHex(AppInstanceVersion.NAME.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void appInstanceVersionsCompareUnsignedHighFirst() {
        assertTrue(new AppInstanceVersion(2, 0).newerThan(new AppInstanceVersion(1, -1)));
        assertTrue(new AppInstanceVersion(1, -1).newerThan(new AppInstanceVersion(1, 5)));
        assertTrue(!new AppInstanceVersion(1, 5).newerThan(new AppInstanceVersion(1, 5)));
    }

    private static CreateRequest roundTrip(List<CreateContext> contexts) {
        byte[] wire = MessageCodecTest.encode(new CreateRequest(9, 2, 0x80, 0, 7, 1, 0x40, "f", contexts));
        return CreateRequest.decode(ByteBuffer.wrap(wire).order(ByteOrder.LITTLE_ENDIAN));
    }

    /** The contexts travel in a CREATE: a request carrying all of them decodes to the same contexts. */
    @Test
    void contextsInACreateRequestRoundTrip() {
        CreateRequest back = roundTrip(List.of(
                new DurableHandleRequestV2(0, 0, GUID).context(),
                new AppInstanceId(GUID).context(),
                new AppInstanceVersion(1, 2).context()));
        assertEquals(3, back.contexts().size());
        assertEquals(new AppInstanceId(GUID),
                AppInstanceId.decode(CreateContext.find(back.contexts(), AppInstanceId.NAME).data()));
        assertEquals(new DurableHandleRequestV2(0, 0, GUID),
                DurableHandleRequestV2.decode(CreateContext.find(back.contexts(), DurableHandleRequestV2.NAME).data()));
    }

    /** Tags are four bytes or more ([MS-SMB2] 2.2.13.2): a shorter one is refused, a longer unknown one kept. */
    @Test
    void contextNamesShorterThanFourBytesAreRefused() {
        for (String name : List.of("", "x", "xx", "xxx")) {
            assertThrows(SmbDecodeException.class, () -> roundTrip(List.of(new CreateContext(name, new byte[0]))), name);
        }
        assertEquals("xxxxxxxxxxxxxxxxx", roundTrip(List.of(new CreateContext("xxxxxxxxxxxxxxxxx", new byte[0])))
                .contexts().get(0).name());
    }
}
