package io.handlefs.fuse.wire;

import io.handlefs.fuse.wire.FuseDecodeException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes one request as read from /dev/fuse: header, body, extensions, with one switch on the
 * opcode.
 *
 * <p>Immutable; holds what the negotiated INIT flags change about request layouts (today only
 * FUSE_SETXATTR_EXT). Use {@link #BEFORE_INIT} until INIT is answered, then
 * {@link #forFlags(long)} with the negotiated flags.
 */
public final class FuseRequestDecoder {

    /** The decoder to use before INIT is negotiated. */
    public static final FuseRequestDecoder BEFORE_INIT = new FuseRequestDecoder(false);

    private static final FuseRequestDecoder SETXATTR_EXT = new FuseRequestDecoder(true);

    private final boolean setxattrExt;
    /** Capacity 0 and read-only: nothing can change it, so every request may share it. */
    private static final ByteBuffer NO_EXTENSIONS = ByteBuffer.allocateDirect(0).asReadOnlyBuffer()
            .order(ByteOrder.LITTLE_ENDIAN);

    private FuseRequestDecoder(boolean setxattrExt) {
        this.setxattrExt = setxattrExt;
    }

    /** The decoder for a connection whose INIT negotiated these flags. */
    public static FuseRequestDecoder forFlags(long negotiatedFlags) {
        return (negotiatedFlags & InitFlags.SETXATTR_EXT) != 0 ? SETXATTR_EXT : BEFORE_INIT;
    }

    public boolean setxattrExt() {
        return setxattrExt;
    }

    /**
     * Decodes the request in {@code in} from its position to its limit (exactly the bytes one
     * read(2) returned). Does not move {@code in}'s position; the returned body and extensions
     * may hold slices of it.
     *
     * @throws FuseDecodeException SHORT_HEADER (no header; nothing can be answered) or, with
     *     {@link FuseDecodeException#header()} set, BAD_LENGTH (header len differs from the bytes
     *     read, or extensions overrun the body) or any body reason
     */
    public DecodedRequest decode(ByteBuffer in) throws FuseDecodeException {
        // Decoded in place, the body read through in's own window: slices of the request buffer
        // only where a record keeps bytes (write data, xattr values, extensions).
        int start = in.position();
        int end = in.limit();
        ByteOrder order = in.order();
        try {
            FuseInHeader h = FuseInHeader.decode(in.order(ByteOrder.LITTLE_ENDIAN));
            long len = Integer.toUnsignedLong(h.len());
            if (len != end - start) {
                throw new FuseDecodeException(Reason.BAD_LENGTH,
                        "header len " + len + ", read " + (end - start), h);
            }
            int extBytes = h.totalExtlen() * 8;
            int bodyLen = (int) len - FuseInHeader.SIZE - extBytes;
            if (bodyLen < 0) {
                throw new FuseDecodeException(Reason.BAD_LENGTH,
                        "extensions of " + extBytes + " bytes in a " + len + "-byte request", h);
            }
            int bodyStart = start + FuseInHeader.SIZE;
            // Most requests carry no extensions: they share one empty buffer instead of a slice each.
            ByteBuffer ext = extBytes == 0 ? NO_EXTENSIONS
                    : in.slice(bodyStart + bodyLen, extBytes).order(ByteOrder.LITTLE_ENDIAN);
            in.limit(bodyStart + bodyLen).position(bodyStart);
            FuseOpcode op = FuseOpcode.of(h.opcode());
            try {
                return new DecodedRequest(h, op, decodeBody(op, h.opcode(), in), ext);
            } catch (FuseDecodeException e) {
                throw e.withHeader(h);
            }
        } finally {
            in.limit(end).position(start).order(order);
        }
    }

    /**
     * Decodes a body for an opcode ({@code op} may be null: unknown → Unsupported).
     */
    public FuseRequest decodeBody(FuseOpcode op, int rawOpcode, ByteBuffer body)
            throws FuseDecodeException {
        if (op == null) {
            return new FuseRequest.Unsupported(rawOpcode);
        }
        return switch (op) {
            case LOOKUP -> FuseRequest.Lookup.decode(body);
            case FORGET -> FuseRequest.Forget.decode(body);
            case GETATTR -> FuseRequest.Getattr.decode(body);
            case SETATTR -> FuseRequest.Setattr.decode(body);
            case READLINK, STATFS, DESTROY -> FuseRequest.Empty.INSTANCE;
            case SYMLINK -> FuseRequest.Symlink.decode(body);
            case MKNOD -> FuseRequest.Mknod.decode(body);
            case MKDIR -> FuseRequest.Mkdir.decode(body);
            case UNLINK -> FuseRequest.Unlink.decode(body);
            case RMDIR -> FuseRequest.Rmdir.decode(body);
            case RENAME -> FuseRequest.Rename.decode(body);
            case LINK -> FuseRequest.Link.decode(body);
            case OPEN, OPENDIR -> FuseRequest.Open.decode(body);
            case READ, READDIR, READDIRPLUS -> FuseRequest.Read.decode(body);
            case WRITE -> FuseRequest.Write.decode(body);
            case RELEASE, RELEASEDIR -> FuseRequest.Release.decode(body);
            case FSYNC, FSYNCDIR -> FuseRequest.Fsync.decode(body);
            case SETXATTR -> FuseRequest.Setxattr.decode(body, setxattrExt);
            case GETXATTR -> FuseRequest.Getxattr.decode(body);
            case LISTXATTR -> FuseRequest.Listxattr.decode(body);
            case REMOVEXATTR -> FuseRequest.Removexattr.decode(body);
            case FLUSH -> FuseRequest.Flush.decode(body);
            case INIT -> FuseRequest.Init.decode(body);
            case GETLK, SETLK, SETLKW -> FuseRequest.Lk.decode(body);
            case ACCESS -> FuseRequest.Access.decode(body);
            case CREATE -> FuseRequest.Create.decode(body);
            case INTERRUPT -> FuseRequest.Interrupt.decode(body);
            case BATCH_FORGET -> FuseRequest.BatchForget.decode(body);
            case FALLOCATE -> FuseRequest.Fallocate.decode(body);
            case RENAME2 -> FuseRequest.Rename2.decode(body);
            case LSEEK -> FuseRequest.Lseek.decode(body);
            case COPY_FILE_RANGE, COPY_FILE_RANGE_64 -> FuseRequest.CopyFileRange.decode(body);
            case SYNCFS -> FuseRequest.Syncfs.decode(body);
            case TMPFILE -> FuseRequest.Tmpfile.decode(body);
            case STATX -> FuseRequest.Statx.decode(body);
            case BMAP, IOCTL, POLL, NOTIFY_REPLY, SETUPMAPPING, REMOVEMAPPING, CUSE_INIT ->
                    new FuseRequest.Unsupported(rawOpcode);
        };
    }
}
