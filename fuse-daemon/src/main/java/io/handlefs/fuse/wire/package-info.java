/**
 * The FUSE kernel wire protocol (include/uapi/linux/fuse.h, protocol 7.45): request decoding, reply
 * and notification encoding, INIT negotiation.
 *
 * <p>Pure encode/decode over {@link java.nio.ByteBuffer}, always little-endian, depending on no
 * other handlefs package. Decoders never let a {@code BufferUnderflowException} escape: every
 * malformed input becomes a {@link io.handlefs.fuse.wire.FuseDecodeException} with a typed
 * reason. Reply encoders write into a caller-provided (direct) buffer and allocate nothing.
 *
 * <p>Conventions:
 * <ul>
 *   <li>Unsigned 32-bit wire fields are held in Java {@code int}s bit for bit (use
 *       {@link java.lang.Integer#toUnsignedLong}); unsigned 16-bit fields are held in {@code int}s
 *       as their unsigned value; 64-bit fields in {@code long}s bit for bit.
 *   <li>NAMES ARE RAW BYTES: every {@code String} holding a file name (or xattr name, or symlink
 *       target) holds the raw bytes one char per byte (ISO-8859-1), so any Linux name
 *       round-trips. See {@link io.handlefs.fuse.wire.FuseNames}.
 *   <li>Errors are positive Linux errno ints; the reply encoder writes {@code -errno}.
 * </ul>
 */
package io.handlefs.fuse.wire;
