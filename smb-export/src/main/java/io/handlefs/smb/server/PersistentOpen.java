package io.handlefs.smb.server;

import io.handlefs.codec.FileHandle;
import io.handlefs.smb.mssmb2.Guid;
import io.handlefs.smb.mssmb2.SmbDecodeException;
import io.handlefs.smb.mssmb2.WireReader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One persistent open as the LMDB table keeps it: enough to rebuild the open after a crash and
 * reopen its file by handle (immune to renames), with its share modes, locks, owner, and the
 * oplock level or lease (key, state, epoch, version) it held.
 *
 * <pre>
 * version u8 (2) | persistentId u64 | volatileId u64 | createGuid 16 | clientGuid 16
 * | appInstanceId 16 (zero: none) | timeoutMillis u64 | share str | owner str | uid u32 | gid u32
 * | file handle | hasParent u8 [parent handle] | directory u8 | fileType u32 | name str | path str
 * | access u32 | shareAccess u32 | oplockLevel u8 | leaseKey 16 | leaseState u32 | leaseEpoch u16
 * | leaseVersion u8
 * | lockCount u32 { offset u64 | length u64 | exclusive u8 }
 * str = u16 length + UTF-8; handle = exportId u32 | fsId u64 | type u32 | u16 length + bytes
 * </pre>
 */
record PersistentOpen(long persistentId, long volatileId, Guid createGuid, Guid clientGuid, Guid appInstanceId,
                      long timeoutMillis, String share, String owner, int uid, int gid, FileHandle file,
                      FileHandle parent, boolean directory, int fileType, String name, String path, int access,
                      int shareAccess, int oplockLevel, Guid leaseKey, int leaseState, int leaseEpoch,
                      int leaseVersion, List<Lock> locks) {
    static final int VERSION = 2;
    private static final int MAX_LOCKS = 1 << 20;
    private static final Guid NONE = new Guid(new byte[Guid.SIZE]);

    /** A byte-range lock of the open. */
    record Lock(long offset, long length, boolean exclusive) {}

    PersistentOpen {
        locks = List.copyOf(locks);
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(512 + 2 * FileHandle.MAX_HANDLE_BYTES + 4 * (share.length() + owner.length()
                + (name == null ? 0 : name.length()) + path.length()) + 17 * locks.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) VERSION).putLong(persistentId).putLong(volatileId);
        createGuid.encode(b);
        clientGuid.encode(b);
        (appInstanceId == null ? NONE : appInstanceId).encode(b);
        b.putLong(timeoutMillis);
        string(b, share);
        string(b, owner);
        b.putInt(uid).putInt(gid);
        handle(b, file);
        b.put((byte) (parent == null ? 0 : 1));
        if (parent != null) {
            handle(b, parent);
        }
        b.put((byte) (directory ? 1 : 0)).putInt(fileType);
        string(b, name == null ? "" : name);
        string(b, path);
        b.putInt(access).putInt(shareAccess).put((byte) oplockLevel);
        (leaseKey == null ? NONE : leaseKey).encode(b);
        b.putInt(leaseState).putShort((short) leaseEpoch).put((byte) leaseVersion);
        b.putInt(locks.size());
        for (Lock l : locks) {
            b.putLong(l.offset).putLong(l.length).put((byte) (l.exclusive ? 1 : 0));
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    static PersistentOpen decode(byte[] row) {
        WireReader r = WireReader.at(ByteBuffer.wrap(row), 0);
        int version = r.u8();
        if (version != VERSION) {
            throw new SmbDecodeException(SmbDecodeException.Kind.BAD_VALUE, "persistent open version " + version);
        }
        long persistentId = r.u64();
        long volatileId = r.u64();
        Guid createGuid = Guid.decode(r);
        Guid clientGuid = Guid.decode(r);
        Guid app = Guid.decode(r);
        long timeout = r.u64();
        String share = string(r);
        String owner = string(r);
        int uid = r.bits32();
        int gid = r.bits32();
        FileHandle file = handle(r);
        FileHandle parent = r.u8() == 1 ? handle(r) : null;
        boolean directory = r.u8() == 1;
        int fileType = r.bits32();
        String name = string(r);
        String path = string(r);
        int access = r.bits32();
        int shareAccess = r.bits32();
        int oplock = r.u8();
        Guid leaseKey = Guid.decode(r);
        int leaseState = r.bits32();
        int leaseEpoch = r.u16();
        int leaseVersion = r.u8();
        int count = r.u32Int("lock count");
        if (count > MAX_LOCKS) {
            throw new SmbDecodeException(SmbDecodeException.Kind.TOO_LARGE, count + " locks");
        }
        List<Lock> locks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            locks.add(new Lock(r.u64(), r.u64(), r.u8() == 1));
        }
        return new PersistentOpen(persistentId, volatileId, createGuid, clientGuid, app.isZero() ? null : app, timeout,
                share, owner, uid, gid, file, parent, directory, fileType, name.isEmpty() ? null : name, path, access,
                shareAccess, oplock, leaseKey.isZero() ? null : leaseKey, leaseState, leaseEpoch, leaseVersion,
                locks);
    }

    private static void string(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putShort((short) bytes.length).put(bytes);
    }

    private static String string(WireReader r) {
        return new String(r.bytes(r.u16()), StandardCharsets.UTF_8);
    }

    private static void handle(ByteBuffer b, FileHandle h) {
        b.putInt(h.exportId()).putLong(h.fsId()).putInt(h.handleType());
        byte[] bytes = h.handleBytes();
        b.putShort((short) bytes.length).put(bytes);
    }

    private static FileHandle handle(WireReader r) {
        int exportId = r.bits32();
        long fsId = r.u64();
        int type = r.bits32();
        int length = r.u16();
        if (length == 0 || length > FileHandle.MAX_HANDLE_BYTES) {
            throw new SmbDecodeException(SmbDecodeException.Kind.BAD_VALUE, "file handle of " + length + " bytes");
        }
        return new FileHandle(exportId, fsId, type, r.bytes(length));
    }
}
