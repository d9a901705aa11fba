package io.handlefs.fuse.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handlefs.fuse.wire.FuseRequest.Init;
import io.handlefs.fuse.wire.InitNegotiation.Outcome;
import io.handlefs.fuse.wire.InitNegotiation.Result;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class InitNegotiationTest {

    static final long WANTED = InitFlags.ASYNC_READ | InitFlags.POSIX_LOCKS
            | InitFlags.ATOMIC_O_TRUNC | InitFlags.EXPORT_SUPPORT | InitFlags.BIG_WRITES
            | InitFlags.DONT_MASK | InitFlags.FLOCK_LOCKS | InitFlags.DO_READDIRPLUS
            | InitFlags.READDIRPLUS_AUTO | InitFlags.ASYNC_DIO | InitFlags.WRITEBACK_CACHE
            | InitFlags.PARALLEL_DIROPS | InitFlags.HANDLE_KILLPRIV_V2 | InitFlags.SETXATTR_EXT
            | InitFlags.CACHE_SYMLINKS | InitFlags.HAS_EXPIRE_ONLY | InitFlags.CREATE_SUPP_GROUP
            | InitFlags.DIRECT_IO_ALLOW_MMAP | InitFlags.HAS_RESEND;

    /** What a 6.18 kernel offers: everything it knows (7.45), with INIT_EXT. */
    static final long KERNEL_645 = InitFlags.ALL_KNOWN & ~InitFlags.INIT_RESERVED;

    @Test
    void kernel745AllFlags() {
        Init init = new Init(7, 45, 131072, KERNEL_645);
        Result r = InitNegotiation.negotiate(init, InitOptions.defaults(WANTED));
        assertEquals(Outcome.ACCEPTED, r.outcome());
        assertEquals(45, r.minor());
        InitOut out = r.reply();
        assertEquals(7, out.major());
        assertEquals(45, out.minor());
        long expected = WANTED | InitFlags.MAX_PAGES | InitFlags.INIT_EXT;
        assertEquals(expected, r.flags(), InitFlags.describe(r.flags() ^ expected));
        assertEquals(r.flags(), out.flags());
        assertTrue(r.has(InitFlags.HAS_EXPIRE_ONLY)); // a flags2 bit survives
        assertEquals(1 << 20, out.maxWrite());
        assertEquals(256, out.maxPages());
        assertEquals(131072, out.maxReadahead());
        assertEquals(1, out.timeGran());
        assertEquals(0, out.maxStackDepth());
        assertEquals(0, out.requestTimeout());
        assertFalse(r.has(InitFlags.PASSTHROUGH));
        ByteBuffer b = ByteBuffer.allocate(64);
        out.encode(b);
        assertEquals(64, b.position());
    }

    @Test
    void wantedButNotOfferedIsDropped() {
        Init init = new Init(7, 45, 65536, InitFlags.ASYNC_READ | InitFlags.INIT_EXT);
        Result r = InitNegotiation.negotiate(init, InitOptions.defaults(WANTED));
        assertEquals(InitFlags.ASYNC_READ, r.flags());
        assertEquals(0, r.reply().maxPages()); // MAX_PAGES not offered
    }

    @Test
    void kernel731() {
        long offered = (1L << 26) - 1; // flags up to EXPLICIT_INVAL_DATA
        Init init = new Init(7, 31, 131072, offered);
        Result r = InitNegotiation.negotiate(init, InitOptions.defaults(WANTED));
        assertEquals(Outcome.ACCEPTED, r.outcome());
        assertEquals(31, r.minor());
        assertEquals(31, r.reply().minor());
        assertEquals((WANTED | InitFlags.MAX_PAGES) & 0xFFFF_FFFFL & offered, r.flags());
        assertEquals(0, r.flags() >>> 32);
        assertFalse(r.has(InitFlags.INIT_EXT));
        assertFalse(r.has(InitFlags.SETXATTR_EXT));
        assertEquals(64, r.reply().encodedSize());
    }

    @Test
    void oldKernelIgnoresHighBitsEvenIfPresent() {
        Init init = new Init(7, 31, 0, KERNEL_645);
        Result r = InitNegotiation.negotiate(init, InitOptions.defaults(WANTED));
        assertEquals(0, r.flags() >>> 32);
    }

    @Test
    void newerMinorIsCappedAtOurs() {
        Result r = InitNegotiation.negotiate(new Init(7, 99, 0, KERNEL_645),
                InitOptions.defaults(0));
        assertEquals(45, r.minor());
        assertEquals(45, r.reply().minor());
    }

    @Test
    void major8GetsMajor7Only() {
        Result r = InitNegotiation.negotiate(new Init(8, 0, 0, 0), InitOptions.defaults(WANTED));
        assertEquals(Outcome.RETRY, r.outcome());
        assertEquals(7, r.reply().major());
        assertEquals(45, r.reply().minor());
        assertEquals(0, r.reply().flags());
        assertEquals(0, r.flags());
    }

    @Test
    void major6IsUnsupported() {
        Result r = InitNegotiation.negotiate(new Init(6, 1, 0, 0), InitOptions.defaults(WANTED));
        assertEquals(Outcome.UNSUPPORTED, r.outcome());
        assertNull(r.reply());
        assertEquals(71, InitNegotiation.EPROTO);
    }

    @Test
    void passthroughDropsWritebackAndSetsStackDepth() {
        InitOptions o = InitOptions.defaults(WANTED).withPassthrough(true, 2);
        Result r = InitNegotiation.negotiate(new Init(7, 45, 0, KERNEL_645), o);
        assertTrue(r.has(InitFlags.PASSTHROUGH));
        assertFalse(r.has(InitFlags.WRITEBACK_CACHE));
        assertTrue(r.has(InitFlags.INIT_EXT));
        assertEquals(2, r.reply().maxStackDepth());
        // not offered → no stack depth
        Result none = InitNegotiation.negotiate(
                new Init(7, 45, 0, KERNEL_645 & ~InitFlags.PASSTHROUGH), o);
        assertFalse(none.has(InitFlags.PASSTHROUGH));
        assertEquals(0, none.reply().maxStackDepth());
        assertThrows(IllegalArgumentException.class,
                () -> InitOptions.defaults(0).withPassthrough(true, 3));
    }

    @Test
    void requestTimeout() {
        InitOptions o = InitOptions.defaults(WANTED).withRequestTimeout(30);
        Result r = InitNegotiation.negotiate(new Init(7, 45, 0, KERNEL_645), o);
        assertTrue(r.has(InitFlags.REQUEST_TIMEOUT));
        assertEquals(30, r.reply().requestTimeout());
        Result off = InitNegotiation.negotiate(new Init(7, 45, 0, KERNEL_645),
                InitOptions.defaults(WANTED | InitFlags.REQUEST_TIMEOUT));
        assertFalse(off.has(InitFlags.REQUEST_TIMEOUT)); // managed by requestTimeoutSecs
    }

    @Test
    void readaheadAndMaxWrite() {
        InitOptions o = InitOptions.defaults(0).withMaxWrite(128 * 1024);
        assertEquals(32, o.maxPages());
        Result r = InitNegotiation.negotiate(new Init(7, 45, 1 << 20, KERNEL_645),
                new InitOptions(0, 1 << 20, 256, 65536, 1, 0, 0, false, 1, 0));
        assertEquals(65536, r.reply().maxReadahead());
        r = InitNegotiation.negotiate(new Init(7, 45, 4096, KERNEL_645), o);
        assertEquals(4096, r.reply().maxReadahead());
        assertEquals(128 * 1024, r.reply().maxWrite());
    }

    @Test
    void initFlagBitValues() {
        assertEquals(1L, InitFlags.ASYNC_READ);
        assertEquals(1L << 4, InitFlags.EXPORT_SUPPORT);
        assertEquals(1L << 13, InitFlags.DO_READDIRPLUS);
        assertEquals(1L << 16, InitFlags.WRITEBACK_CACHE);
        assertEquals(1L << 22, InitFlags.MAX_PAGES);
        assertEquals(1L << 29, InitFlags.SETXATTR_EXT);
        assertEquals(1L << 30, InitFlags.INIT_EXT);
        assertEquals(1L << 31, InitFlags.INIT_RESERVED);
        assertEquals(1L << 32, InitFlags.SECURITY_CTX);
        assertEquals(1L << 35, InitFlags.HAS_EXPIRE_ONLY);
        assertEquals(1L << 37, InitFlags.PASSTHROUGH);
        assertEquals(1L << 38, InitFlags.NO_EXPORT_SUPPORT);
        assertEquals(1L << 39, InitFlags.HAS_RESEND);
        assertEquals(1L << 41, InitFlags.OVER_IO_URING);
        assertEquals(1L << 42, InitFlags.REQUEST_TIMEOUT);
        assertEquals((1L << 43) - 1, InitFlags.ALL_KNOWN);
    }

    @Test
    void describe() {
        assertEquals("0", InitFlags.describe(0));
        assertEquals("ASYNC_READ|EXPORT_SUPPORT|INIT_EXT|PASSTHROUGH|bit50",
                InitFlags.describe(InitFlags.ASYNC_READ | InitFlags.EXPORT_SUPPORT
                        | InitFlags.INIT_EXT | InitFlags.PASSTHROUGH | 1L << 50));
        assertEquals("REQUEST_TIMEOUT", InitFlags.describe(InitFlags.REQUEST_TIMEOUT));
        assertEquals("bit63", InitFlags.describe(Long.MIN_VALUE));
    }
}
