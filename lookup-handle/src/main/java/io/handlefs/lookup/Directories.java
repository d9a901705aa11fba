package io.handlefs.lookup;

import io.handlefs.codec.NodeId;
import io.handlefs.sys.Dirent;
import io.handlefs.sys.Dirents;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Stat;
import io.handlefs.sys.Sys;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Open directories of one export. Offsets are the lower filesystem's own directory cookies
 * (getdents64 d_off), so a listing resumes where the lower filesystem says, even while entries
 * come and go.
 */
public final class Directories implements AutoCloseable {
    private static final int DIRENT_BUFFER = 32 * 1024;
    private static final ThreadLocal<ByteBuffer> SCRATCH =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(DIRENT_BUFFER));

    /** Receives entries until it is full. */
    @FunctionalInterface
    public interface DirentSink {
        /** Takes one entry; false when it cannot (the entry is then offered again next time). */
        boolean accept(Dirent entry);
    }

    private static final class OpenDir {
        final NodeId node;
        final int fd;
        List<Dirent> pending = List.of();
        int next;
        /** The offset the next entry in {@link #pending} follows. */
        long position;

        OpenDir(NodeId node, int fd) {
            this.node = node;
            this.fd = fd;
        }
    }

    private final Export export;
    private final HandleTable<OpenDir> dirs = new HandleTable<>();

    public Directories(Export export) {
        this.export = export;
    }

    public long opendir(Credentials caller, NodeId node) {
        try (PathFd path = export.resolve(node); Credentials.Scope as = caller.enter()) {
            int fd = Sys.open(path.procPath(), Linux.O_RDONLY | Linux.O_DIRECTORY | Linux.O_CLOEXEC, 0);
            return dirs.add(new OpenDir(node, fd));
        }
    }

    /** Feeds the sink entries from the given offset (0: the start) until it is full or the end. */
    public void readdir(long dh, long offset, DirentSink sink) {
        OpenDir dir = dirs.get(dh);
        synchronized (dir) {
            if (offset != dir.position) {
                Sys.lseek(dir.fd, offset, Linux.SEEK_SET);
                dir.pending = List.of();
                dir.next = 0;
                dir.position = offset;
            }
            for (;;) {
                if (dir.next == dir.pending.size() && !refill(dir)) {
                    return;
                }
                Dirent entry = dir.pending.get(dir.next);
                if (!sink.accept(entry)) {
                    return;
                }
                dir.next++;
                dir.position = entry.off();
            }
        }
    }

    private static boolean refill(OpenDir dir) {
        ByteBuffer buf = SCRATCH.get().clear();
        int n = Sys.getdents64(dir.fd, buf);
        dir.pending = n == 0 ? List.of() : Dirents.parse(buf, n);
        dir.next = 0;
        return !dir.pending.isEmpty();
    }

    /** Looks an entry of an open directory up (READDIRPLUS) as the caller. */
    public Entry lookup(Credentials caller, long dh, String name) {
        OpenDir dir = dirs.get(dh);
        try (Credentials.Scope as = caller.enter()) {
            return export.lookupAt(dir.fd, dir.node, name);
        }
    }

    /**
     * The attributes of an entry of an open directory as the caller sees them, without making a
     * node of it (an SMB listing reports every entry's attributes but opens none of them).
     */
    public Stat statEntry(Credentials caller, long dh, String name) {
        OpenDir dir = dirs.get(dh);
        try (Credentials.Scope as = caller.enter()) {
            return Sys.statx(dir.fd, name, Linux.AT_SYMLINK_NOFOLLOW);
        }
    }

    public void fsyncdir(long dh, boolean dataOnly) {
        int fd = dirs.get(dh).fd;
        if (dataOnly) {
            Sys.fdatasync(fd);
        } else {
            Sys.fsync(fd);
        }
    }

    public void releasedir(long dh) {
        Sys.close(dirs.remove(dh).fd);
    }

    @Override
    public void close() {
        for (OpenDir d : dirs.values()) {
            Sys.close(d.fd);
        }
    }
}
