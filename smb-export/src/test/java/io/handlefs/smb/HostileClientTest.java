package io.handlefs.smb;

import io.handlefs.inode.MemoryNodeTable;
import io.handlefs.lookup.Export;
import io.handlefs.lookup.ExportOptions;
import io.handlefs.smb.auth.UserDatabase;
import io.handlefs.smb.mssmb2.Command;
import io.handlefs.smb.mssmb2.FileId;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.ReservedBody;
import io.handlefs.smb.mssmb2.Smb2Body;
import io.handlefs.smb.mssmb2.WriteRequest;
import io.handlefs.sys.RawNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A raw client that sends what no real client sends: unknown commands, bodies of random bytes,
 * frames over the limit. Each bad request gets an error status and the connection goes on; an
 * oversized frame closes only its own connection.
 */
class HostileClientTest {
    private static final int PORT = 15253;

    @TempDir
    Path tmp;
    private Export export;
    private SmbServer server;
    private long messageId;

    @BeforeEach
    void start() {
        SmbConfig config = new SmbConfig("127.0.0.1", PORT, List.of(new ShareConfig("data", "/", false, false, false)),
                UserDatabase.empty(), "HANDLEFS", "WORKGROUP", false, false, 4, 512 * 1024, Duration.ofMinutes(1));
        export = Export.open(RawNames.fromUnicode(tmp.toString()), ExportOptions.defaults(), new MemoryNodeTable());
        server = SmbServer.start(config, export);
    }

    @AfterEach
    void stop() {
        server.close();
        export.close();
    }

    private void send(OutputStream out, int command, Smb2Body body) throws IOException {
        out.write(RawFrames.request(command, messageId++, body));
        out.flush();
    }

    /** A connection that negotiated SMB 2.1 (and has no session). */
    private Socket negotiated() throws IOException {
        Socket s = new Socket("127.0.0.1", PORT);
        s.setSoTimeout(10_000);
        send(s.getOutputStream(), Command.NEGOTIATE.code(), RawFrames.negotiate());
        assertEquals(NtStatus.SUCCESS, RawFrames.status(s.getInputStream()));
        return s;
    }

    @Test
    void badRequestsGetStatusesAndTheConnectionGoesOn() throws Exception {
        try (Socket s = negotiated()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            send(out, 0x55, ReservedBody.INSTANCE);
            assertEquals(NtStatus.NOT_SUPPORTED, RawFrames.status(in));
            Random random = new Random(11);
            for (Command c : Command.values()) {
                if (c == Command.NEGOTIATE || c == Command.CANCEL) {
                    continue;
                }
                byte[] junk = new byte[random.nextInt(200)];
                random.nextBytes(junk);
                send(out, c.code(), o -> o.put(junk));
                NtStatus st = RawFrames.status(in);
                assertEquals(true, st.isError(), c + " answered " + st);
            }
            send(out, Command.ECHO.code(), ReservedBody.INSTANCE);
            assertEquals(NtStatus.SUCCESS, RawFrames.status(in));
        }
    }

    @Test
    void aRefusedWriteIsAnsweredOnlyOnceAllItsDataHasArrived() throws Exception {
        try (Socket s = negotiated()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            // large enough to be served while it arrives (FrameDecoder streams it); no session
            byte[] frame = RawFrames.request(Command.WRITE.code(), messageId++,
                    new WriteRequest(0, FileId.NONE, 0, ByteBuffer.wrap(new byte[384 * 1024])));
            out.write(frame, 0, frame.length / 2);
            out.flush();
            Thread.sleep(300);
            assertEquals(0, in.available(), "no response while the request is still being sent");
            out.write(frame, frame.length / 2, frame.length - frame.length / 2);
            out.flush();
            assertEquals(NtStatus.USER_SESSION_DELETED, RawFrames.status(in));
            send(out, Command.ECHO.code(), ReservedBody.INSTANCE);
            assertEquals(NtStatus.SUCCESS, RawFrames.status(in));
        }
    }

    @Test
    void anOversizedFrameClosesOnlyItsConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", PORT)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(ByteBuffer.allocate(4).putInt(0x00FFFFFF).array());
            out.write(new byte[1024]);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertThrows(IOException.class, () -> in.readInt());
        }
        try (Socket s = new Socket("127.0.0.1", PORT)) {
            s.setSoTimeout(10_000);
            send(s.getOutputStream(), Command.NEGOTIATE.code(), RawFrames.negotiate());
            assertEquals(NtStatus.SUCCESS, RawFrames.status(s.getInputStream()));
        }
    }
}
