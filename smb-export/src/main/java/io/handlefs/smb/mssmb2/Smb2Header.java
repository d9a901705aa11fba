package io.handlefs.smb.mssmb2;

import java.nio.ByteBuffer;

/**
 * SMB2 Packet Header, [MS-SMB2] 2.2.1.1 (sync) and 2.2.1.2 (async): 64 bytes before every
 * message. {@code asyncId} is meaningful when {@link #FLAG_ASYNC} is set, {@code treeId}
 * otherwise; {@code status} is ChannelSequence/Reserved in requests. The command is kept as its
 * code, so that a code SMB2 does not define can still be answered.
 */
public record Smb2Header(int creditCharge, int status, int commandCode, int credits, int flags,
                         int nextCommand, long messageId, long asyncId, int treeId, long sessionId,
                         byte[] signature) {
    public static final int SIZE = 64;
    public static final int PROTOCOL_ID = 0x424D53FE;
    public static final int FLAG_RESPONSE = 0x1;
    public static final int FLAG_ASYNC = 0x2;
    public static final int FLAG_RELATED = 0x4;
    public static final int FLAG_SIGNED = 0x8;
    public static final int FLAG_REPLAY = 0x20000000;
    public static final int SIGNATURE_OFFSET = 48;

    public Smb2Header {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The command, or null for a code SMB2 does not define. */
    public Command command() {
        return Command.of(commandCode);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Decodes the header at index 0 of {@code message}. */
    public static Smb2Header decode(ByteBuffer message) {
        WireReader r = WireReader.at(message, 0);
        if (r.bits32() != PROTOCOL_ID) {
            throw new SmbDecodeException(SmbDecodeException.Kind.BAD_VALUE, "not an SMB2 header");
        }
        r.structureSize(SIZE, "header");
        int creditCharge = r.u16();
        int status = r.bits32();
        int code = r.u16();
        int credits = r.u16();
        int flags = r.bits32();
        int next = r.u32Int("NextCommand");
        long messageId = r.u64();
        long asyncId = 0;
        int treeId = 0;
        if ((flags & FLAG_ASYNC) != 0) {
            asyncId = r.u64();
        } else {
            r.skip(4);
            treeId = r.bits32();
        }
        long sessionId = r.u64();
        byte[] signature = r.bytes(16);
        return new Smb2Header(creditCharge, status, code, credits, flags, next, messageId, asyncId,
                treeId, sessionId, signature);
    }

    /** Writes the 64 bytes at the buffer's position (little-endian). */
    public void encode(ByteBuffer out) {
        out.putInt(PROTOCOL_ID);
        out.putShort((short) SIZE);
        out.putShort((short) creditCharge);
        out.putInt(status);
        out.putShort((short) commandCode);
        out.putShort((short) credits);
        out.putInt(flags);
        out.putInt(nextCommand);
        out.putLong(messageId);
        if ((flags & FLAG_ASYNC) != 0) {
            out.putLong(asyncId);
        } else {
            out.putInt(0);
            out.putInt(treeId);
        }
        out.putLong(sessionId);
        out.put(signature);
    }

    /** The same header made asynchronous with this id (an interim or final async response). */
    public Smb2Header async(long id) {
        return new Smb2Header(creditCharge, status, commandCode, credits, flags | FLAG_ASYNC, nextCommand, messageId, id,
                0, sessionId, signature);
    }
}
