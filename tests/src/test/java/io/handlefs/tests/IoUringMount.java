package io.handlefs.tests;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link SharedMount} served through FUSE over io_uring ({@code -o io_uring}): the fuse module's
 * io_uring switch is on while it is mounted and set back after; the test class is skipped on a
 * kernel built without FUSE over io_uring.
 */
final class IoUringMount extends SharedMount {
    private static final Path SWITCH = Path.of("/sys/module/fuse/parameters/enable_uring");
    private String before;

    IoUringMount(String name, String options) {
        super(name, options.isEmpty() ? "io_uring" : "io_uring," + options);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Assumptions.assumeTrue(Files.exists(SWITCH), "this kernel has no FUSE over io_uring");
        before = Files.readString(SWITCH).trim();
        Files.writeString(SWITCH, "1");
        super.beforeAll(context);
        newDir("ring-check");
        assertTrue(mount().ringRequests() > 0, "the mount serves through io_uring");
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            super.afterAll(context);
        } finally {
            if (before != null) {
                Files.writeString(SWITCH, before.equals("Y") ? "1" : "0");
            }
        }
    }
}
