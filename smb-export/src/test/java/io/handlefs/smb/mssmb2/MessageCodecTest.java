package io.handlefs.smb.mssmb2;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every SMB2 message record: a round trip, and decoding of truncated, oversized and random
 * (hostile) bytes, which may only ever end in {@link SmbDecodeException} — never another
 * exception, never a hang.
 */
class MessageCodecTest {
    /** A record to test: a sample and its decoder. */
    record Case(String name, Smb2Body sample, Function<ByteBuffer, Smb2Body> decoder) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final FileId FID = new FileId(0x1122334455667788L, 0x99AABBCCDDEEFF00L);

    /** Every record of this package, the lease ones included ({@link LeaseMessagesTest#cases()}). */
    static Stream<Case> cases() {
        return Stream.concat(requestsAndResponses(), LeaseMessagesTest.cases());
    }

    private static Stream<Case> requestsAndResponses() {
        byte[] blob = {1, 2, 3, 4, 5, 6, 7};
        return Stream.of(
                new Case("NEGOTIATE", new NegotiateRequest(1, 0x7f, new byte[16], new int[] {0x202, 0x210, 0x300, 0x302, 0x311},
                        List.of(new NegotiateContext(1, new byte[] {1, 0, 32, 0, 1, 0}),
                                new NegotiateContext(2, new byte[] {2, 0, 1, 0, 2, 0}))), NegotiateRequest::decode),
                new Case("NEGOTIATE response", new NegotiateResponse(1, 0x311, new byte[16], 4, 65536, 65536, 65536, 5, 6,
                        blob, List.of(new NegotiateContext(2, new byte[] {1, 0, 2, 0}))), NegotiateResponse::decode),
                new Case("SESSION_SETUP", new SessionSetupRequest(0, 1, 1, 0, blob), SessionSetupRequest::decode),
                new Case("SESSION_SETUP response", new SessionSetupResponse(0, blob), SessionSetupResponse::decode),
                new Case("reserved body", ReservedBody.INSTANCE, ReservedBody::decode),
                new Case("ERROR", new ErrorResponse(new byte[] {9, 9}), ErrorResponse::decode),
                new Case("TREE_CONNECT", new TreeConnectRequest(0, "\\\\server\\share"), TreeConnectRequest::decode),
                new Case("TREE_CONNECT response", new TreeConnectResponse(1, 0x8000, 0, 0x1f01ff), TreeConnectResponse::decode),
                new Case("CREATE", new CreateRequest(0, 2, 0x80, 0, 7, 1, 0x40, "dir\\file.txt",
                        List.of(new CreateContext("MxAc", new byte[0]), new CreateContext("QFid", new byte[0]))),
                        CreateRequest::decode),
                new Case("CREATE response", new CreateResponse(0, 1, new FileStat(1, 2, 3, 4, 5, 6, 0x20), FID,
                        List.of(new CreateContext("MxAc", new byte[8]))), CreateResponse::decode),
                new Case("CLOSE", new CloseRequest(1, FID), CloseRequest::decode),
                new Case("CLOSE response", new CloseResponse(1, new FileStat(1, 2, 3, 4, 5, 6, 0x10)), CloseResponse::decode),
                new Case("FLUSH", new FlushRequest(FID), FlushRequest::decode),
                new Case("READ", new ReadRequest(0x50, 0, 4096, 8192, FID, 1), ReadRequest::decode),
                new Case("READ response", new ReadResponse(ByteBuffer.wrap(blob)), ReadResponse::decode),
                new Case("WRITE", new WriteRequest(100, FID, 0, ByteBuffer.wrap(blob)), WriteRequest::decode),
                new Case("WRITE response", new WriteResponse(7), WriteResponse::decode),
                new Case("LOCK", new LockRequest(0, FID, List.of(new LockRequest.Element(0, 10, 2),
                        new LockRequest.Element(20, 5, 0x11))), LockRequest::decode),
                new Case("IOCTL", new IoctlRequest(IoctlRequest.FSCTL_VALIDATE_NEGOTIATE_INFO, FileId.COMPOUNDED, blob, 24, 1),
                        IoctlRequest::decode),
                new Case("IOCTL response", new IoctlResponse(IoctlRequest.FSCTL_VALIDATE_NEGOTIATE_INFO, FID, blob),
                        IoctlResponse::decode),
                new Case("QUERY_DIRECTORY", new QueryDirectoryRequest(37, 1, 0, FID, "*.txt", 65536),
                        QueryDirectoryRequest::decode),
                new Case("output buffer response", new OutputBufferResponse(blob), OutputBufferResponse::decode),
                new Case("CHANGE_NOTIFY", new ChangeNotifyRequest(ChangeNotifyRequest.WATCH_TREE, 65535, FID,
                        ChangeNotifyRequest.CHANGE_FILE_NAME), ChangeNotifyRequest::decode),
                new Case("QUERY_INFO", new QueryInfoRequest(1, 18, 4096, new byte[0], 0, 0, FID), QueryInfoRequest::decode),
                new Case("SET_INFO", new SetInfoRequest(1, 20, 0, FID, new byte[8]), SetInfoRequest::decode),
                new Case("SET_INFO response", SetInfoResponse.INSTANCE, SetInfoResponse::decode));
    }

    static byte[] encode(Smb2Body body) {
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        new Smb2Header(1, 0, Command.ECHO.code(), 1, 0, 0, 7, 0, 1, 2, new byte[16]).encode(b);
        body.encode(b);
        return Arrays.copyOf(b.array(), b.position());
    }

    private static void decodeSafely(Case c, byte[] bytes) {
        try {
            c.decoder.apply(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        } catch (SmbDecodeException expected) {
            // the only way a decoder may refuse bytes
        } catch (RuntimeException e) {
            fail(c.name + " threw " + e + " on " + bytes.length + " bytes", e);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void roundTrip(Case c) {
        byte[] bytes = encode(c.sample);
        Smb2Body decoded = c.decoder.apply(ByteBuffer.wrap(bytes));
        assertArrayEquals(bytes, encode(decoded), c.name);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void truncatedAtEveryLength(Case c) {
        byte[] bytes = encode(c.sample);
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            if (n < Smb2Header.SIZE + 2) {
                try {
                    c.decoder.apply(ByteBuffer.wrap(cut));
                    fail(c.name + " decoded from " + n + " bytes");
                } catch (SmbDecodeException expected) {
                    continue;
                }
            }
            decodeSafely(c, cut);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void oversizedFields(Case c) {
        byte[] bytes = encode(c.sample);
        for (int at = Smb2Header.SIZE + 2; at + 4 <= bytes.length; at += 2) {
            byte[] hostile = bytes.clone();
            ByteBuffer.wrap(hostile).order(ByteOrder.LITTLE_ENDIAN).putInt(at, 0xFFFFFFFF);
            decodeSafely(c, hostile);
            ByteBuffer.wrap(hostile).order(ByteOrder.LITTLE_ENDIAN).putInt(at, 0x7FFFFFF0);
            decodeSafely(c, hostile);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void randomBodies(Case c) {
        Random random = new Random(c.name.hashCode());
        byte[] bytes = encode(c.sample);
        for (int i = 0; i < 400; i++) {
            byte[] hostile = Arrays.copyOf(bytes, Smb2Header.SIZE + random.nextInt(bytes.length + 64));
            for (int k = Smb2Header.SIZE + 2; k < hostile.length; k++) {
                if (random.nextInt(4) == 0) {
                    hostile[k] = (byte) random.nextInt(256);
                }
            }
            decodeSafely(c, hostile);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void wrongStructureSizeIsRefused(Case c) {
        byte[] bytes = encode(c.sample);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(Smb2Header.SIZE, (short) 0x7777);
        try {
            c.decoder.apply(ByteBuffer.wrap(bytes));
            fail(c.name + " accepted StructureSize 0x7777");
        } catch (SmbDecodeException expected) {
            assertEquals(NtStatus.INVALID_PARAMETER, expected.status());
        }
    }
}
