package io.handlefs.fuse.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Packs READDIR entries ({@code struct fuse_dirent}) or READDIRPLUS entries
 * ({@code struct fuse_direntplus}) into a reply buffer, up to the size the kernel asked for.
 *
 * <pre>
 * fuse_dirent:      0 u64 ino   8 u64 off (cookie of the NEXT entry)   16 u32 namelen
 *                  20 u32 type (DT_*)   24 name[namelen], zero-padded to a multiple of 8
 * fuse_direntplus:  fuse_entry_out (128) then fuse_dirent
 * </pre>
 *
 * <p>{@code add} returns false, writing nothing, when the next entry does not fit: the caller
 * stops and resumes from that entry's offset on the next READDIR. A READDIRPLUS entry with
 * nodeid 0 in its EntryOut tells the kernel no lookup count was taken. Reusable without
 * allocation via {@link #reset}.
 *
 * <p>Typical use: {@code FuseReplies.begin(out); w.reset(out, read.size()); while (w.add(...));
 * FuseReplies.finish(out, unique);}
 */
public final class DirentWriter {

    /** Offset of the name in fuse_dirent. */
    public static final int DIRENT_NAME_OFFSET = 24;
    /** Offset of the name in fuse_direntplus. */
    public static final int DIRENTPLUS_NAME_OFFSET = EntryOut.SIZE + DIRENT_NAME_OFFSET;

    private ByteBuffer out;
    private int start;
    private int max;

    /** A writer with no buffer yet; call {@link #reset} before adding. */
    public DirentWriter() {
    }

    /** A writer over out from its position, for at most maxBytes bytes (and out's limit). */
    public DirentWriter(ByteBuffer out, int maxBytes) {
        reset(out, maxBytes);
    }

    /**
     * Restarts at out's position, for at most maxBytes (unsigned, e.g. {@code Read.size()})
     * bytes, bounded by out's remaining space.
     */
    public DirentWriter reset(ByteBuffer out, int maxBytes) {
        this.out = out.order(ByteOrder.LITTLE_ENDIAN);
        this.start = out.position();
        this.max = (int) Math.min(Integer.toUnsignedLong(maxBytes), out.remaining());
        return this;
    }

    /** Bytes written since reset. */
    public int bytesWritten() {
        return out.position() - start;
    }

    /** Size of a fuse_dirent with a name of namelen bytes, padded to 8. */
    public static int direntSize(int namelen) {
        return align8(DIRENT_NAME_OFFSET + namelen);
    }

    /** Size of a fuse_direntplus with a name of namelen bytes, padded to 8. */
    public static int direntPlusSize(int namelen) {
        return align8(DIRENTPLUS_NAME_OFFSET + namelen);
    }

    /** The DT_* type for a st_mode. */
    public static int typeFromMode(int mode) {
        return (mode >>> 12) & 0xF;
    }

    private static int align8(int n) {
        return (n + 7) & ~7;
    }

    private static int checkedLength(String name) {
        int n = name.length();
        if (n == 0 || n > FuseNames.NAME_MAX) {
            throw new IllegalArgumentException("dirent name length " + n);
        }
        FuseNames.checkRaw(name);
        return n;
    }

    /**
     * Adds a fuse_dirent.
     *
     * @param ino the inode number shown to readdir(3)
     * @param nextOff the offset to resume after this entry
     * @param type a DT_* constant
     * @param name a raw-byte name, 1..255 bytes
     * @return false (nothing written) if the entry does not fit
     */
    public boolean add(long ino, long nextOff, int type, String name) {
        int n = checkedLength(name);
        int size = direntSize(n);
        if (bytesWritten() + size > max) {
            return false;
        }
        putDirent(ino, nextOff, type, name, n, size - DIRENT_NAME_OFFSET - n);
        return true;
    }

    /**
     * Adds a fuse_direntplus; the dirent's ino is {@code entry.attr().ino()}.
     *
     * @return false (nothing written) if the entry does not fit
     */
    public boolean addPlus(EntryOut entry, long nextOff, int type, String name) {
        int n = checkedLength(name);
        int size = direntPlusSize(n);
        if (bytesWritten() + size > max) {
            return false;
        }
        entry.encode(out);
        putDirent(entry.attr().ino(), nextOff, type, name, n, size - DIRENTPLUS_NAME_OFFSET - n);
        return true;
    }

    private void putDirent(long ino, long nextOff, int type, String name, int n, int pad) {
        out.putLong(ino).putLong(nextOff).putInt(n).putInt(type);
        FuseNames.put(out, name);
        for (int i = 0; i < pad; i++) {
            out.put((byte) 0);
        }
    }
}
