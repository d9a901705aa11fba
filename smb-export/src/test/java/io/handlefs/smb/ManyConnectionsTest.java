package io.handlefs.smb;

import io.handlefs.inode.MemoryNodeTable;
import io.handlefs.lookup.Export;
import io.handlefs.lookup.ExportOptions;
import io.handlefs.smb.auth.UserDatabase;
import io.handlefs.smb.mssmb2.Command;
import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.sys.RawNames;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Many clients at once: 200 TCP connections, each negotiating, all held open together. Every
 * one is answered; the memory the server's buffers hold stays within what the configuration
 * allows ({@link SmbConfig#maxConnections()} connections, each holding at most two frames of
 * {@link SmbConfig#maxFrameBytes()} read but unserved, one being decoded and two queued for
 * writing); a connection beyond the limit is closed, and the server serves again once the 200
 * are gone.
 */
class ManyConnectionsTest {
    private static final int PORT = 15285;
    private static final int CONNECTIONS = 200;
    private static final int MAX_FRAME = 256 * 1024;
    /** Per connection: the read budget (2 frames), the frame being decoded, the write high-water mark (2 frames). */
    private static final long PER_CONNECTION = 5L * MAX_FRAME;

    @TempDir
    Path tmp;
    private Export export;
    private SmbServer server;
    private SmbConfig config;

    @BeforeEach
    void start() {
        config = new SmbConfig("127.0.0.1", PORT, List.of(new ShareConfig("data", "/", false, false, false)),
                UserDatabase.empty(), "HANDLEFS", "WORKGROUP", false, false, CONNECTIONS, MAX_FRAME,
                Duration.ofMinutes(1));
        export = Export.open(RawNames.fromUnicode(tmp.toString()), ExportOptions.defaults(), new MemoryNodeTable());
        server = SmbServer.start(config, export);
    }

    @AfterEach
    void stop() {
        server.close();
        export.close();
    }

    private static byte[] negotiate(long messageId) {
        return RawFrames.request(Command.NEGOTIATE.code(), messageId, RawFrames.negotiate());
    }

    private static NtStatus receive(Socket s) throws IOException {
        return RawFrames.status(s.getInputStream());
    }

    /** Bytes held by Netty's default allocator (the server's buffers; this JVM's only Netty user). */
    private static long nettyBytes() {
        ByteBufAllocatorMetric m = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        return m.usedDirectMemory() + m.usedHeapMemory();
    }

    @Test
    void twoHundredConnectionsAreAllAnsweredWithinTheLimits() {
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            long before = nettyBytes();
            List<Socket> sockets = new ArrayList<>();
            try {
                // all connect and send first, then all are read: the server holds 200 at once
                for (int i = 0; i < CONNECTIONS; i++) {
                    Socket s = new Socket("127.0.0.1", PORT);
                    s.setSoTimeout(30_000);
                    sockets.add(s);
                    OutputStream out = s.getOutputStream();
                    out.write(negotiate(0));
                    out.flush();
                }
                for (int i = 0; i < CONNECTIONS; i++) {
                    assertEquals(NtStatus.SUCCESS, receive(sockets.get(i)), "connection " + i);
                }
                // a second request on each, still all open
                for (Socket s : sockets) {
                    s.getOutputStream().write(negotiate(1));
                }
                for (int i = 0; i < CONNECTIONS; i++) {
                    NtStatus st = receive(sockets.get(i));
                    assertTrue(st.isError(), "a second NEGOTIATE on connection " + i + " answered " + st);
                }
                long held = nettyBytes() - before;
                long limit = config.maxConnections() * PER_CONNECTION;
                assertTrue(held <= limit, "server buffers hold " + held + " bytes with " + CONNECTIONS
                        + " connections, more than the configured bound " + limit);

                // one more than max connections: closed on accept, unanswered
                try (Socket extra = new Socket("127.0.0.1", PORT)) {
                    extra.setSoTimeout(10_000);
                    extra.getOutputStream().write(negotiate(0));
                    assertThrows(IOException.class, () -> receive(extra));
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            // the connections' slots come back: a new client is served (after the server saw the closes)
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try (Socket s = new Socket("127.0.0.1", PORT)) {
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write(negotiate(0));
                    assertEquals(NtStatus.SUCCESS, receive(s));
                    break;
                } catch (IOException e) {
                    if (e instanceof SocketTimeoutException || System.nanoTime() > deadline) {
                        fail("no connection served after the 200 closed", e);
                    }
                    Thread.sleep(100);
                }
            }
        });
    }
}
