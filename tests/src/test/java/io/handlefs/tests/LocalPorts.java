package io.handlefs.tests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Probes of TCP ports on 127.0.0.1, for tests that wait for a server in another process. */
final class LocalPorts {
    private LocalPorts() {}

    /** Whether something accepts connections on the port now (on loopback a refusal is at once). */
    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
