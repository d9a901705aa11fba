package io.handlefs.smb.server;

import io.handlefs.smb.SmbConfig;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.smb.rpc.Srvsvc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What all connections of one server share: configuration, shares, file states, id counters. */
final class ServerState {
    final SmbConfig config;
    final Map<String, Share> shares;
    final byte[] serverGuid = new byte[16];
    final long startTime = System.currentTimeMillis();
    final NodeStates nodes = new NodeStates();
    /** Every session by id, whatever connection it is on: what binding and PreviousSessionId look up. */
    final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    final DurableOpens durable;
    final CacheBreaks breaks;
    final LockMirror lockMirror = new LockMirror();
    final ReplayCache replays = new ReplayCache();
    final ChangeNotify notify = new ChangeNotify();
    /**
     * The most opens served at once: a file open holds a descriptor, and the process (FUSE
     * daemon included) may hold 20,000 at most.
     */
    static final int MAX_OPENS = 8192;
    /** The most sessions one connection may set up, and trees one session may connect. */
    static final int MAX_SESSIONS_PER_CONNECTION = 64;
    static final int MAX_TREES_PER_SESSION = 256;

    private final AtomicInteger opens = new AtomicInteger();
    private final AtomicLong nextSessionId = new AtomicLong(0x1000);
    private final AtomicLong nextFileId = new AtomicLong(1);

    ServerState(SmbConfig config, Map<String, Share> shares, PersistentOpenTable persistent) {
        this.config = config;
        this.shares = Map.copyOf(shares);
        this.durable = new DurableOpens(persistent, nodes);
        System.arraycopy(persistent.serverGuid().bytes(), 0, serverGuid, 0, serverGuid.length);
        this.breaks = new CacheBreaks(nodes, durable::purge, config.breakTimeout());
    }

    Share share(String name) {
        return shares.get(name.toLowerCase(Locale.ROOT));
    }

    long newSessionId() {
        return nextSessionId.getAndIncrement();
    }

    /** Counts one more open, or refuses it when the server holds as many as it may. */
    void reserveOpen() {
        if (opens.incrementAndGet() > MAX_OPENS) {
            opens.decrementAndGet();
            throw new SmbException(NtStatus.INSUFFICIENT_RESOURCES, MAX_OPENS + " opens");
        }
    }

    void releaseOpen() {
        opens.decrementAndGet();
    }

    long newFileId() {
        return nextFileId.getAndIncrement();
    }

    /** Ids restored from the persistent table are never handed out again. */
    void fileIdsAbove(long used) {
        nextFileId.accumulateAndGet(used + 1, Math::max);
    }

    /** The share list srvsvc gives out: the disk shares, then IPC$. */
    List<Srvsvc.ShareInfo> shareList() {
        List<Srvsvc.ShareInfo> list = new ArrayList<>();
        for (Share s : shares.values()) {
            list.add(new Srvsvc.ShareInfo(s.name(), Srvsvc.ShareInfo.STYPE_DISKTREE, "handlefs " + s.name()));
        }
        list.sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
        list.add(new Srvsvc.ShareInfo("IPC$", Srvsvc.ShareInfo.STYPE_IPC_SPECIAL, "IPC Service"));
        return list;
    }
}
