package io.handlefs.smb.msdtyp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A self-relative SECURITY_DESCRIPTOR, [MS-DTYP] 2.4.6, that shows a file's POSIX ownership
 * and mode: owner S-1-22-1-uid, group S-1-22-2-gid (Samba's Unix SIDs) and a DACL with one
 * allow ACE each for owner, group and Everyone carrying the rights their rwx bits give. Read
 * only: it describes the permissions, which chmod and chown remain the way to change.
 */
public final class SecurityDescriptor {
    public static final int OWNER = 0x1;
    public static final int GROUP = 0x2;
    public static final int DACL = 0x4;
    private static final int SE_DACL_PRESENT = 0x0004;
    private static final int SE_SELF_RELATIVE = 0x8000;
    private static final int READ = 0x120089;
    private static final int WRITE = 0x130116;
    private static final int EXECUTE = 0x1200A0;
    private static final int OWNER_EXTRA = 0xD0000 | 0x100;

    private SecurityDescriptor() {}

    /** The descriptor with the parts {@code info} (OWNER, GROUP, DACL bits) asks for. */
    public static byte[] of(int uid, int gid, int mode, int info) {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).put((byte) 0);                            // Revision, Sbz1 (1 each)
        b.putShort((short) (SE_SELF_RELATIVE | ((info & DACL) != 0 ? SE_DACL_PRESENT : 0))); // Control (2)
        b.putInt(0).putInt(0).putInt(0).putInt(0);                // OffsetOwner, OffsetGroup, OffsetSacl, OffsetDacl
        if ((info & OWNER) != 0) {
            b.putInt(4, b.position());
            sid(b, 22, 1, uid);
        }
        if ((info & GROUP) != 0) {
            b.putInt(8, b.position());
            sid(b, 22, 2, gid);
        }
        if ((info & DACL) != 0) {
            b.putInt(16, b.position());
            dacl(b, uid, gid, mode);
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    private static void dacl(ByteBuffer b, int uid, int gid, int mode) {
        int start = b.position();
        b.put((byte) 2).put((byte) 0).putShort((short) 0);       // AclRevision, Sbz1, AclSize (patched)
        b.putShort((short) 3).putShort((short) 0);                // AceCount, Sbz2
        ace(b, rights(mode >> 6) | OWNER_EXTRA, 22, 1, uid);
        ace(b, rights(mode >> 3), 22, 2, gid);
        ace(b, rights(mode), 1, 0, -1);
        b.putShort(start + 2, (short) (b.position() - start));
    }

    private static int rights(int rwx) {
        return 0x120080 | ((rwx & 4) != 0 ? READ : 0) | ((rwx & 2) != 0 ? WRITE : 0) | ((rwx & 1) != 0 ? EXECUTE : 0);
    }

    /** An ACCESS_ALLOWED_ACE (2.4.4.2) for the SID S-1-authority-sub[-rid]. */
    private static void ace(ByteBuffer b, int mask, int authority, int sub, int rid) {
        int start = b.position();
        b.put((byte) 0).put((byte) 0).putShort((short) 0);       // AceType allowed, AceFlags, AceSize (patched)
        b.putInt(mask);                                           // Mask (4)
        sid(b, authority, sub, rid);
        b.putShort(start + 2, (short) (b.position() - start));
    }

    /** A SID (2.4.2.2): S-1-authority-sub, then -rid when rid is not -1. */
    private static void sid(ByteBuffer b, int authority, int sub, int rid) {
        b.put((byte) 1).put((byte) (rid == -1 ? 1 : 2));         // Revision, SubAuthorityCount
        b.put(new byte[] {0, 0, 0, 0, 0, (byte) authority});      // IdentifierAuthority (6, big-endian)
        b.putInt(sub);
        if (rid != -1) {
            b.putInt(rid);
        }
    }
}
