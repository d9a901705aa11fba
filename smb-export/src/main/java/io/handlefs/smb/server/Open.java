package io.handlefs.smb.server;

import io.handlefs.codec.NodeId;
import io.handlefs.smb.mssmb2.CreateResponse;
import io.handlefs.smb.mssmb2.FileId;
import io.handlefs.smb.rpc.NamedPipe;
import io.handlefs.smb.server.lease.Holder;
import io.handlefs.smb.server.lease.LeaseState;

/**
 * One open, [MS-SMB2] 3.3.1.10: a file or directory of a tree (or a named pipe of IPC$). The
 * node and its parent are retained in the export while the open lives; the parent and name
 * follow renames made through this server, so that delete-on-close removes the right entry.
 */
final class Open {
    final FileId fileId;
    /** Change only when a durable open is reclaimed on a new session ({@link DurableOpens}). */
    volatile Session session;
    volatile TreeConnect tree;
    final NodeId node;
    final boolean directory;
    final int access;
    final int shareAccess;
    /** The data handle in OpenFiles, or -1 when the open has no data access. */
    final long fh;
    final NamedPipe pipe;
    volatile NodeId parent;
    /** The raw name in {@link #parent}; null for the share root. */
    volatile String name;
    /** The share-relative path, as SMB shows it (FileNameInformation). */
    volatile String path;
    volatile boolean deleteOnClose;
    volatile long position;
    volatile int mode;
    /**
     * FSCTL_LMR_REQUEST_RESILIENCY was granted (3.3.5.15.9): LOCKs are checked for replays. The
     * open is not kept across a disconnect (that needs durable handles).
     */
    volatile boolean resilient;
    /** What the CREATE that made the open did (CreateAction): a replay of that create answers it again. */
    volatile int createAction = CreateResponse.OPENED;
    /** The create that made the open while a replay of it is answered with it ({@link ReplayCache}), or null. */
    volatile ReplayCache.Key replayKey;
    /** Kept across a disconnect (durable or persistent), or null. */
    volatile DurableGrant durable;
    /** The connection the open's break notifications go to. */
    volatile Connection connection;
    /** The lease or oplock the open holds (its state is the oplock level), or null; the node state guards it. */
    volatile Holder<Open> caching;
    final LockSequences lockSequences = new LockSequences();
    final ChannelSequence channelSequence = new ChannelSequence();
    final DirectoryCursor cursor = new DirectoryCursor();

    Open(FileId fileId, Session session, TreeConnect tree, NodeId node, NodeId parent, String name, String path,
         boolean directory, int access, int shareAccess, long fh, NamedPipe pipe) {
        this.fileId = fileId;
        this.session = session;
        this.tree = tree;
        this.node = node;
        this.parent = parent;
        this.name = name;
        this.path = path;
        this.directory = directory;
        this.access = access;
        this.shareAccess = shareAccess;
        this.fh = fh;
        this.pipe = pipe;
    }

    /**
     * Whether the client caches this handle (a batch oplock or a lease with H): what a durable,
     * non-persistent grant requires ([MS-SMB2] 3.3.5.9.6, 3.3.5.9.10).
     */
    boolean cachesHandle() {
        Holder<Open> h = caching;
        return h != null && (h.state() & LeaseState.HANDLE) != 0;
    }

    boolean can(int accessBits) {
        return (access & accessBits) != 0;
    }

    /** Where a directory listing stands: the open dir handle, the pattern, the lower offset. */
    static final class DirectoryCursor {
        long handle = -1;
        String pattern;
        long offset;
        boolean returnedAny;
    }
}
