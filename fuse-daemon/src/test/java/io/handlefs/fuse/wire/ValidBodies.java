package io.handlefs.fuse.wire;

import static io.handlefs.fuse.wire.WireBytes.le;

import java.util.LinkedHashMap;
import java.util.Map;

/** One well-formed body per decoded opcode, exactly as long as its struct and names. */
final class ValidBodies {

    private ValidBodies() {
    }

    static Map<FuseOpcode, byte[]> all() {
        Map<FuseOpcode, byte[]> m = new LinkedHashMap<>();
        m.put(FuseOpcode.LOOKUP, le().cstr("name").build());
        m.put(FuseOpcode.FORGET, le().u64(3).build());
        m.put(FuseOpcode.GETATTR, le().u32(1).u32(0).u64(5).build());
        m.put(FuseOpcode.SETATTR, le().u32(1).zeros(84).build());
        m.put(FuseOpcode.SYMLINK, le().cstr("l").cstr("target").build());
        m.put(FuseOpcode.MKNOD, le().u32(010644).u32(0).u32(022).u32(0).cstr("fifo").build());
        m.put(FuseOpcode.MKDIR, le().u32(0755).u32(022).cstr("dir").build());
        m.put(FuseOpcode.UNLINK, le().cstr("f").build());
        m.put(FuseOpcode.RMDIR, le().cstr("d").build());
        m.put(FuseOpcode.RENAME, le().u64(9).cstr("a").cstr("b").build());
        m.put(FuseOpcode.LINK, le().u64(9).cstr("hard").build());
        m.put(FuseOpcode.OPEN, le().u32(2).u32(0).build());
        m.put(FuseOpcode.READ, le().u64(1).u64(0).u32(4096).u32(0).u64(0).u32(0).u32(0).build());
        m.put(FuseOpcode.WRITE, le().u64(1).u64(0).u32(3).u32(0).u64(0).u32(0).u32(0)
                .bytes(new byte[] {1, 2, 3}).build());
        m.put(FuseOpcode.RELEASE, le().u64(1).u32(0).u32(0).u64(0).build());
        m.put(FuseOpcode.FSYNC, le().u64(1).u32(1).u32(0).build());
        m.put(FuseOpcode.SETXATTR, le().u32(2).u32(0).cstr("user.x").bytes(new byte[] {7, 7})
                .build());
        m.put(FuseOpcode.GETXATTR, le().u32(0).u32(0).cstr("user.x").build());
        m.put(FuseOpcode.LISTXATTR, le().u32(0).u32(0).build());
        m.put(FuseOpcode.REMOVEXATTR, le().cstr("user.x").build());
        m.put(FuseOpcode.FLUSH, le().u64(1).u32(0).u32(0).u64(5).build());
        m.put(FuseOpcode.INIT, le().u32(7).u32(45).u32(131072)
                .u32((int) InitFlags.INIT_EXT).u32(0).zeros(44).build());
        m.put(FuseOpcode.OPENDIR, le().u32(0).u32(0).build());
        m.put(FuseOpcode.READDIR, le().u64(1).u64(0).u32(4096).u32(0).u64(0).u32(0).u32(0)
                .build());
        m.put(FuseOpcode.RELEASEDIR, le().u64(1).u32(0).u32(0).u64(0).build());
        m.put(FuseOpcode.FSYNCDIR, le().u64(1).u32(0).u32(0).build());
        m.put(FuseOpcode.GETLK, le().u64(1).u64(2).u64(0).u64(-1).u32(1).u32(5).u32(0).u32(0)
                .build());
        m.put(FuseOpcode.SETLK, le().u64(1).u64(2).u64(0).u64(-1).u32(1).u32(5).u32(0).u32(0)
                .build());
        m.put(FuseOpcode.SETLKW, le().u64(1).u64(2).u64(0).u64(-1).u32(1).u32(5).u32(0).u32(0)
                .build());
        m.put(FuseOpcode.ACCESS, le().u32(4).u32(0).build());
        m.put(FuseOpcode.CREATE, le().u32(0101).u32(0100644).u32(022).u32(0).cstr("new")
                .build());
        m.put(FuseOpcode.INTERRUPT, le().u64(17).build());
        m.put(FuseOpcode.BATCH_FORGET, le().u32(2).u32(0).u64(4).u64(1).u64(5).u64(2).build());
        m.put(FuseOpcode.FALLOCATE, le().u64(1).u64(0).u64(4096).u32(0).u32(0).build());
        m.put(FuseOpcode.READDIRPLUS, le().u64(1).u64(0).u32(4096).u32(0).u64(0).u32(0)
                .u32(0).build());
        m.put(FuseOpcode.RENAME2, le().u64(9).u32(2).u32(0).cstr("a").cstr("b").build());
        m.put(FuseOpcode.LSEEK, le().u64(1).u64(0).u32(3).u32(0).build());
        m.put(FuseOpcode.COPY_FILE_RANGE, le().u64(1).u64(0).u64(3).u64(4).u64(0).u64(100)
                .u64(0).build());
        m.put(FuseOpcode.COPY_FILE_RANGE_64, le().u64(1).u64(0).u64(3).u64(4).u64(0).u64(100)
                .u64(0).build());
        m.put(FuseOpcode.SYNCFS, le().u64(0).build());
        m.put(FuseOpcode.TMPFILE, le().u32(2).u32(0100600).u32(022).u32(0).cstr("/").build());
        m.put(FuseOpcode.STATX, le().u32(0).u32(0).u64(0).u32(0).u32(0x7ff).build());
        return m;
    }
}
