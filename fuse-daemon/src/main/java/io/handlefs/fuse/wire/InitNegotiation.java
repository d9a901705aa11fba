package io.handlefs.fuse.wire;

/**
 * INIT version and capability negotiation: a pure function from the kernel's
 * {@link FuseRequest.Init} and the daemon's {@link InitOptions} to the reply.
 *
 * <p>Rules (fuse.h "Version negotiation"):
 * <ul>
 *   <li>kernel major 7: answer 7 . min(kernel minor, {@link #OUR_MINOR}); flags = wanted ∩
 *       offered, 64-bit (flags2 only when the kernel set INIT_EXT, which we then set too);
 *   <li>kernel major &gt; 7: answer with only major 7 / our minor; the kernel sends a new INIT
 *       ({@link Outcome#RETRY});
 *   <li>kernel major &lt; 7: {@link Outcome#UNSUPPORTED}: answer EPROTO (71) and give up.
 * </ul>
 */
public final class InitNegotiation {

    public static final int OUR_MAJOR = 7;
    public static final int OUR_MINOR = 45;
    /** Linux EPROTO: the error for {@link Outcome#UNSUPPORTED}. */
    public static final int EPROTO = 71;

    private InitNegotiation() {
    }

    public enum Outcome {
        /** Send {@link Result#reply()}; the connection runs with {@link Result#flags()}. */
        ACCEPTED,
        /** Send {@link Result#reply()} (major 7 only) and wait for another INIT. */
        RETRY,
        /** Reply EPROTO; no reply body. */
        UNSUPPORTED
    }

    /**
     * @param reply the InitOut to send (null for UNSUPPORTED)
     * @param flags the negotiated flag set (0 unless ACCEPTED)
     * @param minor the protocol minor in use (0 unless ACCEPTED)
     */
    public record Result(Outcome outcome, InitOut reply, long flags, int minor) {
        public boolean has(long flag) {
            return (flags & flag) == flag;
        }
    }

    public static Result negotiate(FuseRequest.Init init, InitOptions opts) {
        if (init.major() < OUR_MAJOR) {
            return new Result(Outcome.UNSUPPORTED, null, 0, 0);
        }
        if (init.major() > OUR_MAJOR) {
            InitOut retry = new InitOut(OUR_MAJOR, OUR_MINOR, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            return new Result(Outcome.RETRY, retry, 0, 0);
        }
        int minor = Math.min(init.minor(), OUR_MINOR);
        long offered = init.flags();
        if (minor < 36) {
            offered &= 0xFFFF_FFFFL;
        }
        long managed = InitFlags.INIT_EXT | InitFlags.INIT_RESERVED | InitFlags.MAX_PAGES
                | InitFlags.PASSTHROUGH | InitFlags.REQUEST_TIMEOUT;
        long wanted = (opts.wantedFlags() & ~managed) | InitFlags.MAX_PAGES;
        if (opts.passthrough()) {
            wanted |= InitFlags.PASSTHROUGH;
            wanted &= ~InitFlags.WRITEBACK_CACHE;
        }
        if (opts.requestTimeoutSecs() > 0) {
            wanted |= InitFlags.REQUEST_TIMEOUT;
        }
        long flags = wanted & offered;
        if ((flags >>> 32) != 0 && (offered & InitFlags.INIT_EXT) != 0) {
            flags |= InitFlags.INIT_EXT;
        }
        if ((offered & InitFlags.INIT_EXT) == 0) {
            flags &= 0xFFFF_FFFFL;
        }
        boolean passthrough = (flags & InitFlags.PASSTHROUGH) != 0;
        boolean timeout = (flags & InitFlags.REQUEST_TIMEOUT) != 0;
        int readahead = Integer.compareUnsigned(opts.maxReadahead(), init.maxReadahead()) < 0
                ? opts.maxReadahead() : init.maxReadahead();
        InitOut reply = new InitOut(OUR_MAJOR, minor, readahead, flags,
                opts.maxBackground(), opts.congestionThreshold(), opts.maxWrite(),
                opts.timeGran(), (flags & InitFlags.MAX_PAGES) != 0 ? opts.maxPages() : 0, 0,
                passthrough ? opts.maxStackDepth() : 0,
                timeout ? opts.requestTimeoutSecs() : 0);
        return new Result(Outcome.ACCEPTED, reply, flags, minor);
    }
}
