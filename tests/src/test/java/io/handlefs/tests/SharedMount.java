package io.handlefs.tests;

import io.handlefs.fuse.HandlefsMount;
import io.handlefs.fuse.MountOptions;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link MountFixture} for all the tests of a class: mounted before the first, unmounted after
 * the last (register with {@code @RegisterExtension static final SharedMount fx = ...}). The
 * methods are the fixture's.
 */
class SharedMount implements BeforeAllCallback, AfterAllCallback {
    private final String name;
    private final String options;
    private MountFixture fixture;

    SharedMount(String name) {
        this(name, "");
    }

    /** With mount options ({@code -o} syntax) over the defaults. */
    SharedMount(String name, String options) {
        this.name = name;
        this.options = options;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        fixture = MountFixture.create(name, options());
    }

    /** The options the mount is made with. */
    MountOptions options() {
        return MountOptions.defaults().with(options);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (fixture != null) {
            fixture.close();
        }
    }

    Path mnt() {
        return fixture.mnt();
    }

    Path lower() {
        return fixture.lower();
    }

    Path outside() {
        return fixture.outside();
    }

    HandlefsMount mount() {
        return fixture.mount();
    }

    Path newDir(String sub) throws IOException {
        return fixture.newDir(sub);
    }

    Path newDir(String sub, int mode) throws IOException {
        return fixture.newDir(sub, mode);
    }
}
