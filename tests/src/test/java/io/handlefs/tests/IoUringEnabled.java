package io.handlefs.tests;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns the fuse module's io_uring switch on for a test class and back to what it was after;
 * skips the class on a kernel built without FUSE over io_uring. Register it before the mount
 * (@Order: the order of @RegisterExtension fields is otherwise unspecified).
 */
final class IoUringEnabled implements BeforeAllCallback, AfterAllCallback {
    private static final Path SWITCH = Path.of("/sys/module/fuse/parameters/enable_uring");
    private String before;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Assumptions.assumeTrue(Files.exists(SWITCH), "this kernel has no FUSE over io_uring");
        before = Files.readString(SWITCH).trim();
        Files.writeString(SWITCH, "1");
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (before != null) {
            Files.writeString(SWITCH, before.equals("Y") ? "1" : "0");
        }
    }

    /** Whether the io_uring queues of a mount in this JVM are running. */
    static boolean queuesRunning() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("fuse-ring-"));
    }
}
