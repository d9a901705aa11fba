package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.IoctlRequest;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * FSCTL_GET_COMPRESSION and FSCTL_SET_COMPRESSION ([MS-FSCC] 2.3.12, 2.3.67; [MS-FSA] 2.1.5.10.8,
 * 2.1.5.10.37) on a file system without compression, as the share reports itself (no
 * FILE_FILE_COMPRESSION): every file is uncompressed, setting "none" is a no-op and any other
 * format is not supported.
 */
final class Compression {
    /** COMPRESSION_FORMAT_NONE: the one state a file has here. */
    private static final int FORMAT_NONE = 0;

    private Compression() {}

    /** COMPRESSION_STATE (2 bytes): always none. */
    static byte[] get(Request req, IoctlRequest i) {
        fileOrDirectory(req.open(i.fileId()));
        return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) FORMAT_NONE).array();
    }

    static byte[] set(Request req, IoctlRequest i) {
        Open o = fileOrDirectory(req.open(i.fileId()));
        if (i.input().length < 2) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "COMPRESSION_STATE of " + i.input().length + " bytes");
        }
        if (!o.can(Access.FILE_WRITE_DATA)) {
            throw new SmbException(NtStatus.ACCESS_DENIED, "set compression without write access");
        }
        int format = ByteBuffer.wrap(i.input()).order(ByteOrder.LITTLE_ENDIAN).getShort(0) & 0xffff;
        if (format != FORMAT_NONE) {
            throw new SmbException(NtStatus.NOT_SUPPORTED, "compression format " + format);
        }
        return new byte[0];
    }

    private static Open fileOrDirectory(Open o) {
        if (o.pipe != null) {
            throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST, "compression of a pipe");
        }
        return o;
    }
}
