package io.handlefs.fuse.wire;

import static io.handlefs.fuse.wire.WireBytes.hex;
import static io.handlefs.fuse.wire.WireBytes.le;
import static io.handlefs.fuse.wire.WireBytes.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handlefs.fuse.wire.FuseDecodeException.Reason;
import io.handlefs.fuse.wire.FuseRequest.BatchForget;
import io.handlefs.fuse.wire.FuseRequest.Init;
import io.handlefs.fuse.wire.FuseRequest.Lookup;
import io.handlefs.fuse.wire.FuseRequest.Rename2;
import io.handlefs.fuse.wire.FuseRequest.Setattr;
import io.handlefs.fuse.wire.FuseRequest.Setxattr;
import io.handlefs.fuse.wire.FuseRequest.Write;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Golden vectors (generated with Python struct.pack from fuse.h 7.45 layouts). */
class RequestDecodeTest {

    static final String LOOKUP = "2e000000010000000807060504030201" + "0100000000000000"
            + "e8030000e80300009210000000000000" + "68656c6c6f00";

    static final String SETATTR = "800000000400000007000000000000002a00000000000000e8030000"
            + "e80300009210000000000000690000000000000011000000000000000010000000000000"
            + "220000000000000000f153650000000001f153650000000002f15365000000000500000006"
            + "00000007000000a481000000000000e9030000ea03000000000000";

    static final String WRITE = "560000001000000008000000000000002a00000000000000e8030000"
            + "e8030000921000000000000009000000000000000010000000000000060000000200000077"
            + "000000000000000200000000000000616263646566";

    static final String RENAME2 = "400000002d00000009000000000000000200000000000000e8030000"
            + "e80300009210000000000000050000000000000001000000000000006f6c64006e657700";

    static final String INIT31 = "380000001a000000010000000000000000000000000000000000000000"
            + "0000000000000000000000070000001f00000000000200fbffff03";

    static final String INIT45 = "680000001a000000010000000000000000000000000000000000000000"
            + "0000000000000000000000070000002d00000000000200fbffff7f28040000"
            + "0".repeat(88);

    private static DecodedRequest decode(String hexVector) throws FuseDecodeException {
        return FuseRequestDecoder.BEFORE_INIT.decode(hex(hexVector));
    }

    @Test
    void headerGolden() throws Exception {
        FuseInHeader h = FuseInHeader.decode(hex(LOOKUP));
        assertEquals(46, h.len());
        assertEquals(1, h.opcode());
        assertSame(FuseOpcode.LOOKUP, h.op());
        assertEquals(0x0102030405060708L, h.unique());
        assertEquals(1, h.nodeid());
        assertEquals(1000, h.uid());
        assertEquals(1000, h.gid());
        assertEquals(4242, h.pid());
        assertEquals(0, h.totalExtlen());
        ByteBuffer again = ByteBuffer.allocate(40);
        h.encode(again);
        assertEquals(LOOKUP.substring(0, 80), hex(again.flip()));
    }

    @Test
    void headerHighBitsAreUnsigned() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        new FuseInHeader(40, 3, -1L, -2L, -1, -1, -1, 0xFFFF, 0xFFFF).encode(b);
        FuseInHeader h = FuseInHeader.decode(b.flip());
        assertEquals(0xFFFF, h.totalExtlen());
        assertEquals(-1L, h.unique());
        assertEquals(-1, h.uid());
    }

    @Test
    void shortHeader() {
        for (int n = 0; n < 40; n++) {
            ByteBuffer b = ByteBuffer.allocate(n);
            FuseDecodeException e = assertThrows(FuseDecodeException.class,
                    () -> FuseRequestDecoder.BEFORE_INIT.decode(b));
            assertEquals(Reason.SHORT_HEADER, e.reason());
            assertNull(e.header());
        }
    }

    @Test
    void lookupGolden() throws Exception {
        DecodedRequest r = decode(LOOKUP);
        assertSame(FuseOpcode.LOOKUP, r.opcode());
        assertEquals(0x0102030405060708L, r.unique());
        assertEquals(1, r.nodeid());
        assertEquals(new Lookup("hello"), r.body());
        assertEquals(0, r.extensions().remaining());
        assertTrue(r.expectsReply());
        assertFalse(r.unsupported());
    }

    @Test
    void lookupDotAndDotDotAllowed() throws Exception {
        assertEquals(".", ((Lookup) FuseRequestDecoder.BEFORE_INIT
                .decode(request(FuseOpcode.LOOKUP, le().cstr(".").build())).body()).name());
        assertEquals("..", ((Lookup) FuseRequestDecoder.BEFORE_INIT
                .decode(request(FuseOpcode.LOOKUP, le().cstr("..").build())).body()).name());
    }

    @Test
    void setattrGolden() throws Exception {
        DecodedRequest r = decode(SETATTR);
        assertSame(FuseOpcode.SETATTR, r.opcode());
        assertEquals(42, r.nodeid());
        Setattr s = (Setattr) r.body();
        assertEquals(Setattr.FATTR_MODE | Setattr.FATTR_SIZE | Setattr.FATTR_MTIME
                | Setattr.FATTR_FH, s.valid());
        assertTrue(s.has(Setattr.FATTR_SIZE));
        assertFalse(s.has(Setattr.FATTR_UID));
        assertEquals(0x11, s.fh());
        assertEquals(0x1000, s.size());
        assertEquals(0x22, s.lockOwner());
        assertEquals(1700000000L, s.atime());
        assertEquals(1700000001L, s.mtime());
        assertEquals(1700000002L, s.ctime());
        assertEquals(5, s.atimensec());
        assertEquals(6, s.mtimensec());
        assertEquals(7, s.ctimensec());
        assertEquals(0100644, s.mode());
        assertEquals(1001, s.uid());
        assertEquals(1002, s.gid());
    }

    @Test
    void fattrConstants() {
        assertEquals(1, Setattr.FATTR_MODE);
        assertEquals(1 << 6, Setattr.FATTR_FH);
        assertEquals(1 << 7, Setattr.FATTR_ATIME_NOW);
        assertEquals(1 << 8, Setattr.FATTR_MTIME_NOW);
        assertEquals(1 << 9, Setattr.FATTR_LOCKOWNER);
        assertEquals(1 << 10, Setattr.FATTR_CTIME);
        assertEquals(1 << 11, Setattr.FATTR_KILL_SUIDGID);
    }

    @Test
    void writeGoldenDataIsZeroCopy() throws Exception {
        ByteBuffer in = ByteBuffer.allocateDirect(4096);
        in.put(hex(WRITE)).flip();
        DecodedRequest r = FuseRequestDecoder.BEFORE_INIT.decode(in);
        Write w = (Write) r.body();
        assertEquals(9, w.fh());
        assertEquals(4096, w.offset());
        assertEquals(6, w.size());
        assertEquals(Write.FUSE_WRITE_LOCKOWNER, w.writeFlags());
        assertEquals(0x77, w.lockOwner());
        assertEquals(2, w.flags());
        assertEquals(6, w.data().remaining());
        assertEquals("616263646566", hex(w.data()));
        assertTrue(w.data().isDirect());
        // the slice shares memory with the request buffer: a change in one shows in the other
        in.put(80, (byte) 'Z');
        assertEquals('Z', w.data().get(0));
        w.data().put(5, (byte) 'Q');
        assertEquals('Q', in.get(85));
    }

    @Test
    void writeDataSliceOfHeapBufferSharesArray() throws Exception {
        ByteBuffer in = hex(WRITE);
        Write w = (Write) FuseRequestDecoder.BEFORE_INIT.decode(in).body();
        assertTrue(w.data().hasArray());
        assertSame(in.array(), w.data().array());
        assertEquals(80, w.data().arrayOffset());
    }

    @Test
    void writeSizeBeyondBody() {
        byte[] body = le().u64(1).u64(0).u32(7).u32(0).u64(0).u32(0).u32(0)
                .bytes(new byte[6]).build();
        FuseDecodeException e = assertThrows(FuseDecodeException.class,
                () -> FuseRequestDecoder.BEFORE_INIT.decode(request(FuseOpcode.WRITE, body)));
        assertEquals(Reason.SHORT_BODY, e.reason());
        assertNotNull(e.header());
        assertEquals(99, e.header().unique());
        byte[] huge = le().u64(1).u64(0).u32(-1).u32(0).u64(0).u32(0).u32(0).build();
        assertEquals(Reason.SHORT_BODY, assertThrows(FuseDecodeException.class,
                () -> FuseRequestDecoder.BEFORE_INIT.decode(request(FuseOpcode.WRITE, huge)))
                .reason());
    }

    @Test
    void rename2Golden() throws Exception {
        DecodedRequest r = decode(RENAME2);
        assertSame(FuseOpcode.RENAME2, r.opcode());
        assertEquals(2, r.nodeid());
        assertEquals(new Rename2(5, Rename2.RENAME_NOREPLACE, "old", "new"), r.body());
    }

    @Test
    void initOldShortGolden() throws Exception {
        DecodedRequest r = decode(INIT31);
        Init i = (Init) r.body();
        assertEquals(7, i.major());
        assertEquals(31, i.minor());
        assertEquals(131072, i.maxReadahead());
        assertEquals(0x03fffffbL, i.flags());
    }

    @Test
    void initWithFlags2Golden() throws Exception {
        DecodedRequest r = decode(INIT45);
        Init i = (Init) r.body();
        assertEquals(7, i.major());
        assertEquals(45, i.minor());
        assertEquals(131072, i.maxReadahead());
        long expected = 0x7ffffffbL | InitFlags.PASSTHROUGH | InitFlags.REQUEST_TIMEOUT
                | InitFlags.HAS_EXPIRE_ONLY;
        assertEquals(expected, i.flags());
        assertTrue((i.flags() & InitFlags.INIT_EXT) != 0);
    }

    @Test
    void initFlags2IgnoredWithoutInitExt() throws Exception {
        byte[] body = le().u32(7).u32(45).u32(0).u32(1).u32(0xFFFF).zeros(44).build();
        Init i = (Init) FuseRequestDecoder.BEFORE_INIT.decode(request(FuseOpcode.INIT, body))
                .body();
        assertEquals(1, i.flags());
    }

    @Test
    void initOtherMajorReadsOnlyVersion() throws Exception {
        byte[] body = le().u32(8).u32(0).build();
        Init i = (Init) FuseRequestDecoder.BEFORE_INIT.decode(request(FuseOpcode.INIT, body))
                .body();
        assertEquals(new Init(8, 0, 0, 0), i);
    }

    @Test
    void extensionsAreStripped() throws Exception {
        byte[] body = le().cstr("file").build();
        byte[] ext = le().u32(16).u32(32).u32(1).u32(1234).build(); // fuse_ext_header + groups
        DecodedRequest r = FuseRequestDecoder.BEFORE_INIT.decode(
                request(FuseOpcode.UNLINK, 5, 1, body, ext));
        assertEquals(new FuseRequest.Unlink("file"), r.body());
        assertEquals(2, r.header().totalExtlen());
        assertEquals(16, r.extensions().remaining());
        assertEquals(ByteOrder.LITTLE_ENDIAN, r.extensions().order());
        assertEquals(1234, r.extensions().getInt(12));
    }

    @Test
    void extensionsLongerThanBody() {
        ByteBuffer b = request(FuseOpcode.UNLINK, le().cstr("f").build());
        b.putShort(36, (short) 1); // 8 bytes of extensions in a 2-byte body
        FuseDecodeException e = assertThrows(FuseDecodeException.class,
                () -> FuseRequestDecoder.BEFORE_INIT.decode(b));
        assertEquals(Reason.BAD_LENGTH, e.reason());
        assertNotNull(e.header());
    }

    @Test
    void headerLenDisagreesWithBytesRead() {
        ByteBuffer b = hex(LOOKUP);
        b.putInt(0, 47); // one more than read
        FuseDecodeException e = assertThrows(FuseDecodeException.class,
                () -> FuseRequestDecoder.BEFORE_INIT.decode(b));
        assertEquals(Reason.BAD_LENGTH, e.reason());
        assertEquals(0x0102030405060708L, e.header().unique());
        assertEquals(22, e.errno());
        ByteBuffer huge = hex(LOOKUP);
        huge.putInt(0, -1); // 4 GiB - 1
        assertEquals(Reason.BAD_LENGTH, assertThrows(FuseDecodeException.class,
                () -> FuseRequestDecoder.BEFORE_INIT.decode(huge)).reason());
        ByteBuffer small = hex(LOOKUP);
        small.putInt(0, 45);
        assertEquals(Reason.BAD_LENGTH, assertThrows(FuseDecodeException.class,
                () -> FuseRequestDecoder.BEFORE_INIT.decode(small)).reason());
        ByteBuffer tiny = hex(LOOKUP);
        tiny.putInt(0, 12);
        assertEquals(Reason.BAD_LENGTH, assertThrows(FuseDecodeException.class,
                () -> FuseRequestDecoder.BEFORE_INIT.decode(tiny)).reason());
    }

    @Test
    void decodeDoesNotMoveCallersBuffer() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(100);
        b.position(10);
        b.put(hex(LOOKUP));
        b.flip().position(10);
        DecodedRequest r = FuseRequestDecoder.BEFORE_INIT.decode(b);
        assertEquals(new Lookup("hello"), r.body());
        assertEquals(10, b.position());
        assertEquals(56, b.limit());
    }

    @Test
    void unknownOpcodeIsUnsupported() throws Exception {
        DecodedRequest r = FuseRequestDecoder.BEFORE_INIT.decode(
                request(54, 3, 1, new byte[] {1, 2, 3}, new byte[0]));
        assertNull(r.opcode());
        assertEquals(new FuseRequest.Unsupported(54), r.body());
        assertTrue(r.unsupported());
        assertTrue(r.expectsReply());
        DecodedRequest ioctl = FuseRequestDecoder.BEFORE_INIT.decode(
                request(FuseOpcode.IOCTL, new byte[32]));
        assertSame(FuseOpcode.IOCTL, ioctl.opcode());
        assertTrue(ioctl.unsupported());
        DecodedRequest notifyReply = FuseRequestDecoder.BEFORE_INIT.decode(
                request(FuseOpcode.NOTIFY_REPLY, new byte[40]));
        assertTrue(notifyReply.unsupported());
        assertFalse(notifyReply.expectsReply());
    }

    @Test
    void emptyBodies() throws Exception {
        for (FuseOpcode op : new FuseOpcode[] {FuseOpcode.READLINK, FuseOpcode.STATFS,
            FuseOpcode.DESTROY}) {
            assertInstanceOf(FuseRequest.Empty.class,
                    FuseRequestDecoder.BEFORE_INIT.decode(request(op, new byte[0])).body());
        }
    }

    @Test
    void setxattrCompatAndExt() throws Exception {
        byte[] compat = le().u32(3).u32(1).cstr("user.k").bytes(new byte[] {9, 8, 7}).build();
        Setxattr s = (Setxattr) FuseRequestDecoder.BEFORE_INIT
                .decode(request(FuseOpcode.SETXATTR, compat)).body();
        assertEquals(3, s.size());
        assertEquals(1, s.flags());
        assertEquals(0, s.setxattrFlags());
        assertEquals("user.k", s.name());
        assertEquals("090807", hex(s.value()));

        byte[] ext = le().u32(3).u32(2).u32(Setxattr.FUSE_SETXATTR_ACL_KILL_SGID).u32(0)
                .cstr("system.posix_acl_access").bytes(new byte[] {1, 2, 3}).build();
        FuseRequestDecoder d = FuseRequestDecoder.forFlags(InitFlags.SETXATTR_EXT);
        assertTrue(d.setxattrExt());
        Setxattr e = (Setxattr) d.decode(request(FuseOpcode.SETXATTR, ext)).body();
        assertEquals(2, e.flags());
        assertEquals(1, e.setxattrFlags());
        assertEquals("system.posix_acl_access", e.name());
        assertEquals("010203", hex(e.value()));
        assertFalse(FuseRequestDecoder.forFlags(InitFlags.ALL_KNOWN & ~InitFlags.SETXATTR_EXT)
                .setxattrExt());
    }

    @Test
    void batchForget() throws Exception {
        byte[] body = le().u32(2).u32(0).u64(10).u64(1).u64(11).u64(5).build();
        DecodedRequest r = FuseRequestDecoder.BEFORE_INIT.decode(
                request(FuseOpcode.BATCH_FORGET, body));
        assertFalse(r.expectsReply());
        BatchForget bf = (BatchForget) r.body();
        assertEquals(2, bf.forgets().size());
        assertEquals(new FuseRequest.ForgetOne(11, 5), bf.forgets().get(1));
        byte[] lying = le().u32(-1).u32(0).u64(10).u64(1).build();
        assertEquals(Reason.SHORT_BODY, assertThrows(FuseDecodeException.class,
                () -> FuseRequestDecoder.BEFORE_INIT.decode(
                        request(FuseOpcode.BATCH_FORGET, lying))).reason());
    }

    @Test
    void sharedLayouts() throws Exception {
        byte[] open = le().u32(0100002).u32(0).build();
        assertEquals(new FuseRequest.Open(0100002, 0), FuseRequestDecoder.BEFORE_INIT
                .decode(request(FuseOpcode.OPENDIR, open)).body());
        byte[] read = le().u64(1).u64(2).u32(4096).u32(0).u64(0).u32(0).u32(0).build();
        assertEquals(new FuseRequest.Read(1, 2, 4096, 0, 0, 0), FuseRequestDecoder.BEFORE_INIT
                .decode(request(FuseOpcode.READDIRPLUS, read)).body());
        byte[] rel = le().u64(7).u32(2).u32(1).u64(9).build();
        assertEquals(new FuseRequest.Release(7, 2, 1, 9), FuseRequestDecoder.BEFORE_INIT
                .decode(request(FuseOpcode.RELEASEDIR, rel)).body());
        byte[] lk = le().u64(1).u64(2).u64(3).u64(4).u32(1).u32(77).u32(1).u32(0).build();
        assertEquals(new FuseRequest.Lk(1, 2, 3, 4, 1, 77, 1), FuseRequestDecoder.BEFORE_INIT
                .decode(request(FuseOpcode.SETLKW, lk)).body());
        byte[] cfr = le().u64(1).u64(2).u64(3).u64(4).u64(5).u64(6).u64(0).build();
        assertEquals(new FuseRequest.CopyFileRange(1, 2, 3, 4, 5, 6, 0),
                FuseRequestDecoder.BEFORE_INIT.decode(
                        request(FuseOpcode.COPY_FILE_RANGE_64, cfr)).body());
    }

    @Test
    void tmpfileAllowsSlashName() throws Exception {
        byte[] body = le().u32(2).u32(0100600).u32(022).u32(0).cstr("/").build();
        assertEquals(new FuseRequest.Tmpfile(2, 0100600, 022, 0, "/"),
                FuseRequestDecoder.BEFORE_INIT.decode(request(FuseOpcode.TMPFILE, body)).body());
    }

    @Test
    void symlinkTarget() throws Exception {
        byte[] body = le().cstr("link").cstr("../a/b").build();
        assertEquals(new FuseRequest.Symlink("link", "../a/b"),
                FuseRequestDecoder.BEFORE_INIT.decode(request(FuseOpcode.SYMLINK, body)).body());
        String longTarget = "x/".repeat(2048);
        byte[] tooLong = le().cstr("link").cstr(longTarget).build();
        FuseDecodeException e = assertThrows(FuseDecodeException.class,
                () -> FuseRequestDecoder.BEFORE_INIT.decode(request(FuseOpcode.SYMLINK, tooLong)));
        assertEquals(Reason.NAME_TOO_LONG, e.reason());
        assertEquals(36, e.errno());
    }

    @Test
    void statx() throws Exception {
        byte[] body = le().u32(1).u32(0).u64(5).u32(0x800).u32(0xfff).build();
        assertEquals(new FuseRequest.Statx(1, 5, 0x800, 0xfff),
                FuseRequestDecoder.BEFORE_INIT.decode(request(FuseOpcode.STATX, body)).body());
    }
}
