package io.handlefs.smb.server;

/** Access mask bits, [MS-SMB2] 2.2.13.1.1, and the generic mapping for files, [MS-DTYP] 2.4.3. */
final class Access {
    static final int FILE_READ_DATA = 0x1;
    static final int FILE_WRITE_DATA = 0x2;
    static final int FILE_APPEND_DATA = 0x4;
    static final int FILE_READ_EA = 0x8;
    static final int FILE_WRITE_EA = 0x10;
    static final int FILE_EXECUTE = 0x20;
    static final int FILE_DELETE_CHILD = 0x40;
    static final int FILE_READ_ATTRIBUTES = 0x80;
    static final int FILE_WRITE_ATTRIBUTES = 0x100;
    static final int DELETE = 0x10000;
    static final int READ_CONTROL = 0x20000;
    static final int WRITE_DAC = 0x40000;
    static final int WRITE_OWNER = 0x80000;
    static final int SYNCHRONIZE = 0x100000;
    static final int ACCESS_SYSTEM_SECURITY = 0x1000000;
    static final int MAXIMUM_ALLOWED = 0x2000000;
    static final int GENERIC_ALL = 0x10000000;
    static final int GENERIC_EXECUTE = 0x20000000;
    static final int GENERIC_WRITE = 0x40000000;
    static final int GENERIC_READ = 0x80000000;

    static final int FILE_GENERIC_READ = 0x120089;
    static final int FILE_GENERIC_WRITE = 0x120116;
    static final int FILE_GENERIC_EXECUTE = 0x1200A0;
    static final int FILE_ALL_ACCESS = 0x1F01FF;

    static final int READ_BITS = FILE_READ_DATA | FILE_EXECUTE;
    static final int WRITE_BITS = FILE_WRITE_DATA | FILE_APPEND_DATA;
    /** What a read-only share never grants. */
    static final int MODIFY_BITS = WRITE_BITS | FILE_WRITE_EA | FILE_WRITE_ATTRIBUTES | DELETE | FILE_DELETE_CHILD
            | WRITE_DAC | WRITE_OWNER;

    static final int SHARE_READ = 0x1;
    static final int SHARE_WRITE = 0x2;
    static final int SHARE_DELETE = 0x4;

    private Access() {}

    /** Replaces the generic bits with the specific rights they stand for. */
    static int mapGeneric(int mask) {
        int m = mask & ~(GENERIC_ALL | GENERIC_EXECUTE | GENERIC_WRITE | GENERIC_READ);
        if ((mask & GENERIC_READ) != 0) {
            m |= FILE_GENERIC_READ;
        }
        if ((mask & GENERIC_WRITE) != 0) {
            m |= FILE_GENERIC_WRITE;
        }
        if ((mask & GENERIC_EXECUTE) != 0) {
            m |= FILE_GENERIC_EXECUTE;
        }
        if ((mask & GENERIC_ALL) != 0) {
            m |= FILE_ALL_ACCESS;
        }
        return m;
    }
}
