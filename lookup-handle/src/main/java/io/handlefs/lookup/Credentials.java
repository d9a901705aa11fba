package io.handlefs.lookup;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.handlefs.sys.Sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Who a request runs as. {@link #enter()} switches the calling thread's filesystem uid, gid and
 * supplementary groups (per-thread syscalls, as virtiofsd does), so that ownership of new files and
 * every permission check are the lower filesystem's own. Switching away from uid 0 drops the
 * filesystem capabilities; switching back restores them.
 */
public record Credentials(int uid, int gid, int[] groups) {
    public static final Credentials DAEMON = new Credentials(0, 0, new int[0]);

    /** Whether this process may switch credentials at all (only root can). */
    private static final boolean CAN_SWITCH = Sys.getuid() == 0;

    public Credentials {
        groups = groups.clone();
    }

    @Override
    public int[] groups() {
        return groups.clone();
    }

    /**
     * The credentials of a caller known by uid, gid and thread id (as FUSE reports them): the
     * supplementary groups come from /proc, read only for callers other than root, whose groups
     * do not change what it may do.
     */
    public static Credentials ofCaller(int uid, int gid, int pid) {
        if (uid == 0 || pid == 0 || !CAN_SWITCH) {
            return new Credentials(uid, gid, NO_GROUPS);
        }
        return RECENT_CALLERS.get(new Caller(uid, gid, pid), c -> new Credentials(uid, gid, groupsOf(pid)));
    }

    private record Caller(int uid, int gid, int pid) {}

    private static final int[] NO_GROUPS = new int[0];

    /**
     * The groups of recent callers: reading /proc for every request would cost more than the
     * request. A caller's groups change only by exec or setgroups, so they are trusted for a
     * second, the same bound the kernel's attribute cache puts on permission checks.
     */
    private static final Cache<Caller, Credentials> RECENT_CALLERS = Caffeine.newBuilder()
            .maximumSize(4096).expireAfterWrite(Duration.ofSeconds(1)).executor(Runnable::run).build();

    static int[] groupsOf(int pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"))) {
                if (line.startsWith("Groups:")) {
                    String list = line.substring("Groups:".length()).trim();
                    return list.isEmpty() ? new int[0]
                            : Arrays.stream(list.split("\\s+")).mapToInt(Integer::parseInt).toArray();
                }
            }
        } catch (IOException | RuntimeException gone) {
            // The caller exited before we looked: it gets no supplementary groups, never more rights.
        }
        return new int[0];
    }

    /** Threads that already have their private zero umask. */
    private static final ThreadLocal<Boolean> UNMASKED = ThreadLocal.withInitial(() -> {
        Sys.privateZeroUmask();
        return Boolean.TRUE;
    });

    /**
     * Runs the calling thread as this caller until the returned scope is closed. The thread's umask
     * is 0 from then on: the caller's own umask has already been applied to the modes it sends.
     */
    public Scope enter() {
        UNMASKED.get();
        if (!CAN_SWITCH || (uid == 0 && gid == 0)) {
            return Scope.NONE;
        }
        Sys.setgroupsThread(groups);
        Sys.setfsgid(gid);
        Sys.setfsuid(uid);
        return Scope.SWITCHED;
    }

    /** Restores the daemon's own credentials on close; never throws. */
    public enum Scope implements AutoCloseable {
        NONE {
            @Override
            public void close() {}
        },
        SWITCHED {
            @Override
            public void close() {
                Sys.setfsuid(0);
                Sys.setfsgid(0);
                Sys.setgroupsThread(NO_GROUPS);
            }
        };

        @Override
        public abstract void close();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials c && c.uid == uid && c.gid == gid && Arrays.equals(c.groups, groups);
    }

    @Override
    public int hashCode() {
        return (uid * 31 + gid) * 31 + Arrays.hashCode(groups);
    }

    @Override
    public String toString() {
        return "uid=" + uid + " gid=" + gid + " groups=" + Arrays.toString(groups);
    }
}
