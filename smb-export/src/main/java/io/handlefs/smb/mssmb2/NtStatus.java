package io.handlefs.smb.mssmb2;

import io.handlefs.sys.Errno;

import java.util.HashMap;
import java.util.Map;

/**
 * The NTSTATUS values this server sends or reads, [MS-ERREF] 2.3. The top two bits are the
 * severity: 00 success, 01 informational, 10 warning, 11 error. Every status the server uses
 * is named here and nowhere else.
 */
public enum NtStatus {
    SUCCESS(0x00000000),
    PENDING(0x00000103),
    NOTIFY_CLEANUP(0x0000010B),
    NOTIFY_ENUM_DIR(0x0000010C),
    BUFFER_OVERFLOW(0x80000005),
    NO_MORE_FILES(0x80000006),
    STOPPED_ON_SYMLINK(0x8000002D),
    UNSUCCESSFUL(0xC0000001),
    NOT_IMPLEMENTED(0xC0000002),
    INVALID_INFO_CLASS(0xC0000003),
    INFO_LENGTH_MISMATCH(0xC0000004),
    INVALID_HANDLE(0xC0000008),
    INVALID_PARAMETER(0xC000000D),
    NO_SUCH_FILE(0xC000000F),
    INVALID_DEVICE_REQUEST(0xC0000010),
    END_OF_FILE(0xC0000011),
    INVALID_VIEW_SIZE(0xC000001F),
    MORE_PROCESSING_REQUIRED(0xC0000016),
    NO_MEMORY(0xC0000017),
    ACCESS_DENIED(0xC0000022),
    BUFFER_TOO_SMALL(0xC0000023),
    OBJECT_NAME_INVALID(0xC0000033),
    OBJECT_NAME_NOT_FOUND(0xC0000034),
    OBJECT_NAME_COLLISION(0xC0000035),
    OBJECT_PATH_INVALID(0xC0000039),
    OBJECT_PATH_NOT_FOUND(0xC000003A),
    OBJECT_PATH_SYNTAX_BAD(0xC000003B),
    SHARING_VIOLATION(0xC0000043),
    EAS_NOT_SUPPORTED(0xC000004F),
    NO_EAS_ON_FILE(0xC0000052),
    FILE_LOCK_CONFLICT(0xC0000054),
    LOCK_NOT_GRANTED(0xC0000055),
    DELETE_PENDING(0xC0000056),
    PRIVILEGE_NOT_HELD(0xC0000061),
    LOGON_FAILURE(0xC000006D),
    RANGE_NOT_LOCKED(0xC000007E),
    DISK_FULL(0xC000007F),
    FILE_INVALID(0xC0000098),
    INSUFFICIENT_RESOURCES(0xC000009A),
    MEDIA_WRITE_PROTECTED(0xC00000A2),
    BAD_IMPERSONATION_LEVEL(0xC00000A5),
    FILE_FORCED_CLOSED(0xC00000B6),
    FILE_IS_A_DIRECTORY(0xC00000BA),
    NOT_SUPPORTED(0xC00000BB),
    NETWORK_NAME_DELETED(0xC00000C9),
    NETWORK_ACCESS_DENIED(0xC00000CA),
    BAD_NETWORK_NAME(0xC00000CC),
    REQUEST_NOT_ACCEPTED(0xC00000D0),
    NOT_SAME_DEVICE(0xC00000D4),
    PIPE_EMPTY(0xC00000D9),
    INVALID_OPLOCK_PROTOCOL(0xC00000E3),
    INTERNAL_ERROR(0xC00000E5),
    DIRECTORY_NOT_EMPTY(0xC0000101),
    NOT_A_DIRECTORY(0xC0000103),
    NAME_TOO_LONG(0xC0000106),
    CANCELLED(0xC0000120),
    CANNOT_DELETE(0xC0000121),
    FILE_CLOSED(0xC0000128),
    INVALID_DEVICE_STATE(0xC0000184),
    IO_DEVICE_ERROR(0xC0000185),
    INVALID_LOCK_RANGE(0xC00001A1),
    USER_SESSION_DELETED(0xC0000203),
    NOT_FOUND(0xC0000225),
    DUPLICATE_OBJECTID(0xC000022A),
    TOO_MANY_LINKS(0xC0000265),
    NOT_A_REPARSE_POINT(0xC0000275),
    NETWORK_SESSION_EXPIRED(0xC000035C),
    FILE_NOT_AVAILABLE(0xC0000467);

    private static final Map<Integer, NtStatus> BY_CODE = new HashMap<>();

    static {
        for (NtStatus s : values()) {
            BY_CODE.put(s.code, s);
        }
    }

    private final int code;

    NtStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Severity 11: the request failed. */
    public boolean isError() {
        return (code >>> 30) == 3;
    }

    /** Severity 10: the request did part of its work (a truncated buffer, the end of a listing). */
    public boolean isWarning() {
        return (code >>> 30) == 2;
    }

    /** The status with this code, or INTERNAL_ERROR for a code this server does not know. */
    public static NtStatus of(int code) {
        return BY_CODE.getOrDefault(code, INTERNAL_ERROR);
    }

    /** What a failed syscall means to an SMB client (the mapping Windows clients expect of Samba). */
    public static NtStatus ofErrno(Errno errno) {
        return switch (errno) {
            case ENOENT, ESTALE -> OBJECT_NAME_NOT_FOUND;
            case EACCES, EPERM -> ACCESS_DENIED;
            case EEXIST -> OBJECT_NAME_COLLISION;
            case ENOTDIR -> NOT_A_DIRECTORY;
            case EISDIR -> FILE_IS_A_DIRECTORY;
            case ENOTEMPTY -> DIRECTORY_NOT_EMPTY;
            case ENOSPC, EDQUOT -> DISK_FULL;
            case EROFS -> MEDIA_WRITE_PROTECTED;
            case ENAMETOOLONG -> NAME_TOO_LONG;
            case EXDEV -> NOT_SAME_DEVICE;
            case EMLINK -> TOO_MANY_LINKS;
            case ELOOP -> STOPPED_ON_SYMLINK;
            case EINVAL -> INVALID_PARAMETER;
            case EBUSY, ETXTBSY -> SHARING_VIOLATION;
            case EAGAIN -> LOCK_NOT_GRANTED;
            case ENOMEM -> NO_MEMORY;
            case EFBIG -> DISK_FULL;
            case EOPNOTSUPP -> NOT_SUPPORTED;
            case EBADF -> INVALID_HANDLE;
            default -> IO_DEVICE_ERROR;
        };
    }
}
