package io.handlefs.smb;

import io.handlefs.smb.mssmb2.NegotiateRequest;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.Smb2Body;
import io.handlefs.smb.mssmb2.Smb2Header;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * What the raw-socket tests send and read, below any client library: one SMB2 message in its
 * Direct TCP frame ([MS-SMB2] 2.1: a 4-byte big-endian length first), and the status of one reply.
 */
final class RawFrames {
    private RawFrames() {}

    /** A framed request, unsigned, without session or tree. */
    static byte[] request(int command, long messageId, Smb2Body body) {
        ByteBuffer b = ByteBuffer.allocate(1024 * 1024).order(ByteOrder.LITTLE_ENDIAN);
        b.position(4);
        new Smb2Header(1, 0, command, 64, 0, 0, messageId, 0, 0, 0, new byte[16]).encode(b);
        body.encode(b);
        b.order(ByteOrder.BIG_ENDIAN).putInt(0, b.position() - 4);
        return Arrays.copyOf(b.array(), b.position());
    }

    /** A NEGOTIATE offering SMB 2.1 only. */
    static NegotiateRequest negotiate() {
        return new NegotiateRequest(1, 0, new byte[16], new int[] {NegotiateRequest.DIALECT_210}, List.of());
    }

    /** Reads one framed reply and returns its status. */
    static NtStatus status(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] frame = new byte[data.readInt()];
        data.readFully(frame);
        return NtStatus.of(Smb2Header.decode(ByteBuffer.wrap(frame)).status());
    }
}
