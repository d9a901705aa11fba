package io.handlefs.smb.server;

import io.handlefs.smb.SmbConfig;
import io.handlefs.smb.rpc.Srvsvc;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What all connections of one server share: configuration, shares, file states, id counters. */
final class ServerState {
    final SmbConfig config;
    final Map<String, Share> shares;
    final byte[] serverGuid = new byte[16];
    final long startTime = System.currentTimeMillis();
    final NodeStates nodes = new NodeStates();
    private final AtomicLong nextSessionId = new AtomicLong(0x1000);
    private final AtomicLong nextFileId = new AtomicLong(1);

    ServerState(SmbConfig config, Map<String, Share> shares) {
        this.config = config;
        this.shares = Map.copyOf(shares);
        new SecureRandom().nextBytes(serverGuid);
    }

    Share share(String name) {
        return shares.get(name.toLowerCase(Locale.ROOT));
    }

    long newSessionId() {
        return nextSessionId.getAndIncrement();
    }

    long newFileId() {
        return nextFileId.getAndIncrement();
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
