package io.handlefs.smb.rpc;

import io.handlefs.smb.mssmb2.WireReader;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The server service, [MS-SRVS]: NetrShareEnum (opnum 15, 3.1.4.8) at info level 1 — what
 * {@code smbclient -L} calls to list shares. Other levels get ERROR_INVALID_LEVEL.
 */
public final class Srvsvc {
    public static final int OPNUM_NET_SHARE_ENUM_ALL = 15;
    private static final int ERROR_INVALID_LEVEL = 124;

    /** One share as the listing shows it. */
    public record ShareInfo(String name, int type, String remark) {
        public static final int STYPE_DISKTREE = 0;
        public static final int STYPE_IPC_SPECIAL = 0x80000003;
    }

    private Srvsvc() {}

    /** Answers a NetrShareEnum request stub with the response stub. */
    public static byte[] netShareEnumAll(byte[] stub, List<ShareInfo> shares) {
        WireReader r = WireReader.at(ByteBuffer.wrap(stub), 0);
        if (r.bits32() != 0) {
            int max = r.u32Int("ServerName max count");
            r.skip(4);
            int actual = r.u32Int("ServerName actual count");
            if (actual > max || actual > 1024) {
                throw new io.handlefs.smb.mssmb2.SmbDecodeException(
                        io.handlefs.smb.mssmb2.SmbDecodeException.Kind.BAD_VALUE, "ServerName count " + actual);
            }
            r.skip(actual * 2);
            r.skip((4 - r.position() % 4) % 4);
        }
        int level = r.bits32();
        NdrWriter w = new NdrWriter();
        if (level != 1) {
            w.u32(level).u32(level).nullPointer();   // InfoStruct: Level, union switch, no container
            w.u32(0).nullPointer().u32(ERROR_INVALID_LEVEL); // TotalEntries, ResumeHandle, WERROR
            return w.bytes();
        }
        w.u32(1).u32(1).pointer();                   // InfoStruct: Level, union switch, container pointer
        w.u32(shares.size()).pointer();              // SHARE_INFO_1_CONTAINER: EntriesRead, Buffer pointer
        w.u32(shares.size());                        // conformant array: max count
        for (ShareInfo s : shares) {
            w.pointer().u32(s.type()).pointer();     // SHARE_INFO_1: netname, type, remark
        }
        for (ShareInfo s : shares) {
            w.string(s.name()).string(s.remark());   // the deferred strings, in order
        }
        w.u32(shares.size());                        // TotalEntries
        w.pointer().u32(0);                          // ResumeHandle: pointer, value
        w.u32(0);                                    // WERROR: success
        return w.bytes();
    }
}
