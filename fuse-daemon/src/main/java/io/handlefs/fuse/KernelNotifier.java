package io.handlefs.fuse;

import io.handlefs.codec.NodeId;
import io.handlefs.fuse.wire.FuseNotify;
import io.handlefs.lookup.ChangeListener;
import io.handlefs.lookup.Export;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Sys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Invalidates the kernel's caches of a mount when another protocol (SMB) changed the export:
 * FUSE_NOTIFY_INVAL_INODE (attributes, and cached pages when data changed) and
 * FUSE_NOTIFY_INVAL_ENTRY (a name, and its directory's attributes); and FUSE_NOTIFY_INC_EPOCH
 * (every cached name) when a directory stops being searchable by everyone.
 *
 * <p>Notifications are written by a thread of their own, never by the caller: the kernel takes
 * inode and page locks to apply them, which a request in flight may hold while it waits for a
 * worker (or, through a lease break, for the SMB server) — libfuse warns against notifying from
 * inside a request for that reason. Identical notices waiting in the queue are sent once; notices
 * about nodes the kernel does not hold are not sent at all.
 */
final class KernelNotifier implements ChangeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KernelNotifier.class);
    private static final int BUFFER_SIZE = 4096;

    private sealed interface Notice permits Inode, Entry {}

    /** data: drop the cached pages too, not only the attributes. */
    private record Inode(long node, boolean data) implements Notice {}

    private record Entry(long parent, String name) implements Notice {}

    private final int deviceFd;
    private final Export export;
    private final LinkedBlockingQueue<Notice> queue = new LinkedBlockingQueue<>();
    private final Set<Notice> queued = ConcurrentHashMap.newKeySet();
    private final Thread writer;
    private final ByteBuffer epochOut = ByteBuffer.allocateDirect(64);
    private volatile boolean closed;

    KernelNotifier(int deviceFd, Export export) {
        this.deviceFd = deviceFd;
        this.export = export;
        this.writer = new Thread(this::run, "fuse-notify");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void dataChanged(NodeId node) {
        offerInode(node, true);
    }

    @Override
    public void attributesChanged(NodeId node) {
        offerInode(node, false);
    }

    @Override
    public void nameChanged(NodeId parent, String name) {
        if (held(parent)) {
            offer(new Entry(parent.value(), name));
        }
    }

    /**
     * Written at once, by the caller, before its request is answered: the kernel takes no lock to
     * apply it, and no name cached before the change may be used once the change is visible.
     */
    @Override
    public synchronized void searchNarrowed(NodeId dir) {
        if (!closed) {
            FuseNotify.incEpoch(epochOut);
            write(epochOut);
        }
    }

    private void offerInode(NodeId node, boolean data) {
        if (held(node)) {
            offer(new Inode(node.value(), data));
        }
    }

    /** Whether the kernel may cache the node: it holds the root always, others once looked up. */
    private boolean held(NodeId node) {
        return node.isRoot() || export.lookupCount(node) > 0;
    }

    private void offer(Notice n) {
        if (!closed && queued.add(n)) {
            queue.add(n);
        }
    }

    private void run() {
        ByteBuffer out = ByteBuffer.allocateDirect(BUFFER_SIZE);
        while (!closed) {
            Notice n;
            try {
                n = queue.take();
            } catch (InterruptedException e) {
                return; // close()
            }
            // Off the queue before it is sent: a change after this point is sent again.
            queued.remove(n);
            if (!send(out, n)) {
                return;
            }
        }
    }

    /** Writes one notice; false once the connection is gone. */
    private boolean send(ByteBuffer out, Notice n) {
        try {
            if (n instanceof Inode i) {
                FuseNotify.invalInode(out, i.node(), i.data() ? 0 : -1, 0);
            } else if (n instanceof Entry e) {
                FuseNotify.invalEntry(out, e.parent(), e.name(), 0);
            }
        } catch (IllegalArgumentException unsendable) {
            log.debug("not notified: {}", unsendable.getMessage()); // a name FUSE cannot carry
            return true;
        }
        return write(out);
    }

    /** Writes one framed notice; false once the connection is gone. */
    private boolean write(ByteBuffer out) {
        try {
            Sys.write(deviceFd, out);
            return true;
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) {
                return true; // the kernel dropped the inode or name meanwhile: nothing to invalidate
            }
            if (e.errno() == Errno.ENODEV || e.errno() == Errno.EBADF) {
                return false; // unmounted
            }
            log.warn("kernel cache invalidation refused: {}", e.getMessage());
            return true;
        }
    }

    /** Stops the writer; notices still queued are dropped (the mount is going away). */
    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
