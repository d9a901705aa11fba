package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.FileId;
import io.handlefs.smb.mssmb2.IoctlRequest;
import io.handlefs.smb.mssmb2.IoctlResponse;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.smb.mssmb2.WireReader;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * IOCTL, [MS-SMB2] 3.3.5.15: validate negotiate info, network interface info, pipe transceive,
 * get reparse point (nothing here is one), snapshot enumeration (there are none), object ids,
 * resiliency requests, server-side copy ({@link ServerSideCopy}), sparse files ({@link
 * SparseFiles}) and compression ({@link Compression}: none). Any other control code is
 * not supported.
 */
final class IoctlHandler {
    private static final int LINK_SPEED = 1_000_000_000;
    private static final int AF_INET = 2;
    /** MaxResiliencyTimeout (3.3.3): five minutes. */
    private static final long MAX_RESILIENCY_TIMEOUT_MS = 300_000;

    private final ServerState server;
    private final ServerSideCopy copy;
    private final SparseFiles sparse;

    IoctlHandler(ServerState server) {
        this.server = server;
        this.copy = new ServerSideCopy(server);
        this.sparse = new SparseFiles(server);
    }

    Reply handle(Request req) {
        IoctlRequest i = IoctlRequest.decode(req.message);
        if ((i.flags() & IoctlRequest.FLAG_IS_FSCTL) == 0) {
            throw new SmbException(NtStatus.NOT_SUPPORTED, "device IOCTL " + Integer.toHexString(i.ctlCode()));
        }
        if (i.ctlCode() == IoctlRequest.FSCTL_SRV_COPYCHUNK || i.ctlCode() == IoctlRequest.FSCTL_SRV_COPYCHUNK_WRITE) {
            return copy.copy(req, i);
        }
        if (i.ctlCode() == IoctlRequest.FSCTL_QUERY_ALLOCATED_RANGES) {
            return sparse.queryAllocatedRanges(req, i);
        }
        byte[] out = switch (i.ctlCode()) {
            case IoctlRequest.FSCTL_VALIDATE_NEGOTIATE_INFO -> validateNegotiate(req, i);
            case IoctlRequest.FSCTL_QUERY_NETWORK_INTERFACE_INFO -> interfaces(req, i);
            case IoctlRequest.FSCTL_PIPE_TRANSCEIVE -> transceive(req, i);
            case IoctlRequest.FSCTL_GET_REPARSE_POINT -> {
                req.open(i.fileId());
                throw new SmbException(NtStatus.NOT_A_REPARSE_POINT, "no reparse points");
            }
            case IoctlRequest.FSCTL_SRV_ENUMERATE_SNAPSHOTS -> snapshots(req, i);
            case IoctlRequest.FSCTL_CREATE_OR_GET_OBJECT_ID -> objectId(req, i);
            case IoctlRequest.FSCTL_LMR_REQUEST_RESILIENCY -> resiliency(req, i);
            case IoctlRequest.FSCTL_SRV_REQUEST_RESUME_KEY -> copy.resumeKey(req, i);
            case IoctlRequest.FSCTL_SET_SPARSE -> sparse.setSparse(req, i);
            case IoctlRequest.FSCTL_SET_ZERO_DATA -> sparse.setZeroData(req, i);
            case IoctlRequest.FSCTL_GET_COMPRESSION -> Compression.get(req, i);
            case IoctlRequest.FSCTL_SET_COMPRESSION -> Compression.set(req, i);
            default -> {
                req.open(i.fileId());
                throw new SmbException(NtStatus.NOT_SUPPORTED, "FSCTL " + Integer.toHexString(i.ctlCode()));
            }
        };
        if (out.length > i.maxOutputResponse()) {
            throw new SmbException(NtStatus.BUFFER_TOO_SMALL, "IOCTL output of " + out.length);
        }
        FileId echoed = i.fileId().isCompounded() && req.fileIdForChain != null ? req.fileIdForChain : i.fileId();
        return Reply.ok(new IoctlResponse(i.ctlCode(), echoed, out));
    }

    /**
     * FSCTL_VALIDATE_NEGOTIATE_INFO (3.3.5.15.12): what the client sent must be what NEGOTIATE
     * saw; a mismatch is a downgrade attack and ends the connection.
     */
    private byte[] validateNegotiate(Request req, IoctlRequest i) {
        Connection conn = req.conn;
        WireReader r = WireReader.at(ByteBuffer.wrap(i.input()), 0);
        int caps = r.bits32();
        byte[] guid = r.bytes(16);
        int mode = r.u16();
        int count = r.u16();
        int[] dialects = new int[count];
        for (int k = 0; k < count; k++) {
            dialects[k] = r.u16();
        }
        if (caps != conn.clientCapabilities || mode != conn.clientSecurityMode
                || !java.util.Arrays.equals(guid, conn.clientGuid) || !java.util.Arrays.equals(dialects, conn.clientDialects)) {
            conn.channel.close();
            throw new SmbException(NtStatus.ACCESS_DENIED, "validate negotiate mismatch");
        }
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(conn.serverCapabilities).put(server.serverGuid).putShort((short) conn.serverSecurityMode)
                .putShort((short) conn.dialect);
        return b.array();
    }

    /**
     * NETWORK_INTERFACE_INFO (2.2.32.5) for the address the client reached. The request names no
     * file (3.3.5.15.11: FileId all ones); one that names a file is malformed.
     */
    private static byte[] interfaces(Request req, IoctlRequest i) {
        if (!i.fileId().isCompounded()) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "network interface info on a file");
        }
        ByteBuffer b = ByteBuffer.allocate(152).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0);                                  // Next (4)
        b.putInt(1);                                  // IfIndex (4)
        b.putInt(0);                                  // Capability (4)
        b.putInt(0);                                  // Reserved (4)
        b.putLong(LINK_SPEED);                        // LinkSpeed (8)
        b.putShort((short) AF_INET);                  // SockAddr_Storage: Family (2)
        b.putShort((short) 0);                        // Port (2)
        if (req.conn.channel.localAddress() instanceof InetSocketAddress a && a.getAddress() instanceof Inet4Address v4) {
            b.put(v4.getAddress());                   // IPv4Address (4), network order
        }
        return b.array();
    }

    private static byte[] transceive(Request req, IoctlRequest i) {
        Open o = req.open(i.fileId());
        if (o.pipe == null) {
            throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST, "transceive on a file");
        }
        o.pipe.write(i.input());
        return o.pipe.read(i.maxOutputResponse());
    }

    /**
     * FILE_OBJECTID_BUFFER ([MS-FSCC] 2.1.3.1): the object id is the file's inode and device,
     * which name it for as long as it exists; no birth or domain ids are kept.
     */
    private static byte[] objectId(Request req, IoctlRequest i) {
        Open o = req.open(i.fileId());
        if (o.pipe != null) {
            throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST, "object id of a pipe");
        }
        io.handlefs.sys.Stat st = o.tree.share().export().getattr(o.node);
        return ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(st.ino()).putLong(st.dev()).array();
    }

    /**
     * FSCTL_LMR_REQUEST_RESILIENCY (3.3.5.15.9) with NETWORK_RESILIENCY_REQUEST (2.2.31.3):
     * Timeout (4, milliseconds), Reserved (4). The open becomes resilient: its LOCKs are checked
     * for replays ({@link LockSequences}). The timeout is checked but the open is not kept for it
     * after a disconnect. No output.
     */
    private static byte[] resiliency(Request req, IoctlRequest i) {
        if (req.conn.dialect == io.handlefs.smb.mssmb2.NegotiateRequest.DIALECT_202) {
            throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST, "resiliency needs SMB 2.1 or later");
        }
        Open o = req.open(i.fileId());
        if (o.pipe != null) {
            throw new SmbException(NtStatus.INVALID_DEVICE_REQUEST, "resiliency of a pipe");
        }
        if (i.input().length < 8) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "NETWORK_RESILIENCY_REQUEST of " + i.input().length);
        }
        long timeout = Integer.toUnsignedLong(ByteBuffer.wrap(i.input()).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
        if (timeout > MAX_RESILIENCY_TIMEOUT_MS) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "resiliency timeout " + timeout + " ms");
        }
        o.resilient = true;
        return new byte[0];
    }

    /** SRV_SNAPSHOT_ARRAY (2.2.32.2) with no snapshots. */
    private static byte[] snapshots(Request req, IoctlRequest i) {
        req.open(i.fileId());
        if (i.maxOutputResponse() < 16) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "snapshot array needs 16 bytes");
        }
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(0).putInt(2).array();
    }
}
