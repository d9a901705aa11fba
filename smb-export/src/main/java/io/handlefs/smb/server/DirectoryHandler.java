package io.handlefs.smb.server;

import io.handlefs.codec.NodeId;
import io.handlefs.lookup.Credentials;
import io.handlefs.lookup.Directories;
import io.handlefs.lookup.Entry;
import io.handlefs.smb.msfscc.DirectoryEntries;
import io.handlefs.smb.msfscc.FileView;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.OutputBufferResponse;
import io.handlefs.smb.mssmb2.QueryDirectoryRequest;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Linux;
import io.handlefs.sys.RawNames;
import io.handlefs.sys.Stat;

/**
 * QUERY_DIRECTORY, [MS-SMB2] 3.3.5.18: lists an open directory from where the last call stopped
 * (the lower filesystem's own offsets), filtered by the pattern given on the first call (or on a
 * restart), with each entry's stored DOS information.
 */
final class DirectoryHandler {
    private static final int MAX_OUTPUT = 1024 * 1024;

    Reply handle(Request req) {
        QueryDirectoryRequest q = QueryDirectoryRequest.decode(req.message);
        Open o = req.open(q.fileId());
        if (o.pipe != null || !o.directory) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "QUERY_DIRECTORY on a file");
        }
        if (!o.can(Access.FILE_READ_DATA)) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "no list access");
        }
        DirectoryEntries out = new DirectoryEntries(q.infoClass(), Math.min(q.outputBufferLength(), MAX_OUTPUT));
        Share share = o.tree.share();
        Directories dirs = share.dirs();
        Credentials caller = req.session.credentials;
        boolean[] tooSmall = {false};
        synchronized (o.cursor) {
            Open.DirectoryCursor cur = o.cursor;
            if (cur.handle < 0 || q.has(QueryDirectoryRequest.RESTART_SCANS) || q.has(QueryDirectoryRequest.REOPEN)) {
                if (cur.handle >= 0) {
                    dirs.releasedir(cur.handle);
                }
                cur.handle = -1;
                cur.handle = dirs.opendir(caller, o.node);
                cur.offset = 0;
                cur.returnedAny = false;
                cur.pattern = q.pattern().isEmpty() ? "*" : q.pattern();
            }
            boolean single = q.has(QueryDirectoryRequest.RETURN_SINGLE_ENTRY);
            Stat[] self = {null};
            dirs.readdir(cur.handle, cur.offset, d -> {
                String name = RawNames.toUnicode(d.name());
                if (!Wildcard.matches(cur.pattern, name)) {
                    cur.offset = d.off();
                    return true;
                }
                if (single && out.count() > 0) {
                    return false;
                }
                FileView view;
                try {
                    view = name.equals(".") || name.equals("..") || d.type() == Linux.DT_LNK
                            ? FileView.of(name.equals("..") && o.parent == null ? selfStat(dirs, caller, cur.handle, self)
                                    : dirs.statEntry(caller, cur.handle, d.name()))
                            : withDos(share, caller, cur.handle, d.name());
                } catch (ErrnoException gone) {
                    cur.offset = d.off();
                    return true;
                }
                if (!out.add(name, view, view.stat().ino())) {
                    tooSmall[0] = out.count() == 0;
                    return false;
                }
                cur.offset = d.off();
                return true;
            });
            if (out.count() == 0) {
                if (tooSmall[0]) {
                    throw new SmbException(NtStatus.INFO_LENGTH_MISMATCH, "output buffer too small for one entry");
                }
                throw new SmbException(cur.returnedAny ? NtStatus.NO_MORE_FILES : NtStatus.NO_SUCH_FILE, cur.pattern);
            }
            cur.returnedAny = true;
        }
        return Reply.large(new OutputBufferResponse(out.bytes()), q.outputBufferLength());
    }

    /**
     * An entry with the DOS information stored with it: looked up (as READDIRPLUS does) so that
     * its extended attribute is read through its node, then given back. A symbolic link keeps
     * none (reading one would follow it).
     */
    private static FileView withDos(Share share, Credentials caller, long dh, String rawName) {
        Entry e = share.dirs().lookup(caller, dh, rawName);
        if ((e.stat().mode() & Linux.S_IFMT) == Linux.S_IFLNK) {
            return FileView.of(e.stat());
        }
        NodeId id = e.node().id();
        share.export().retain(id);
        try {
            return new FileView(e.stat(), DosStore.load(share.export(), id));
        } finally {
            share.export().forget(id, 1);
        }
    }

    /** The share root's ".." shows the root itself: nothing above the share is described. */
    private static Stat selfStat(Directories dirs, Credentials caller, long dh, Stat[] cache) {
        if (cache[0] == null) {
            cache[0] = dirs.statEntry(caller, dh, ".");
        }
        return cache[0];
    }
}
