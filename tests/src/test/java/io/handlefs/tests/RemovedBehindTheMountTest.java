package io.handlefs.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.handlefs.fuse.MountOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A file removed in the lower tree while the kernel keeps its name (long entry timeout) and the
 * daemon its node's fd: opening the name opens the file that has the name now, or fails with
 * ENOENT, never the removed file. Files without a name that are open through the mount still
 * reopen through /proc/self/fd, as natively. On either I/O path (passthrough or the daemon's).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RemovedBehindTheMountTest {

    private static MountFixture mount(String io) throws IOException {
        return MountFixture.create("removed", MountOptions.defaults().with("entry_timeout=86400,attr_timeout=86400," + io));
    }

    /** Makes mnt/f, read once through the mount: the kernel caches its name, the daemon its node's fd. */
    private static Path cached(MountFixture fx) throws IOException {
        Path f = fx.mnt().resolve("f");
        Files.writeString(f, "old");
        assertEquals("old", Files.readString(f));
        return f;
    }

    /** {@link #cached}, then f removed in the lower tree behind the daemon's back; mnt/f. */
    private static Path removedBelow(MountFixture fx) throws IOException {
        Path f = cached(fx);
        Files.delete(fx.lower().resolve("f"));
        return f;
    }

    @ParameterizedTest
    @ValueSource(strings = {"passthrough", "no_passthrough"})
    void aFileReplacedInTheLowerTreeReadsAsTheNewOne(String io) throws Exception {
        try (MountFixture fx = mount(io)) {
            Path f = removedBelow(fx);
            Files.writeString(fx.lower().resolve("f"), "new");
            assertEquals("new", Files.readString(f));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"passthrough", "no_passthrough"})
    void aFileRemovedInTheLowerTreeIsGone(String io) throws Exception {
        try (MountFixture fx = mount(io)) {
            Path f = removedBelow(fx);
            assertThrows(NoSuchFileException.class, () -> Files.readString(f));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"passthrough", "no_passthrough"})
    void aFileUnlinkedWhileOpenReopensThroughProc(String io) throws Exception {
        try (MountFixture fx = mount(io)) {
            Path f = cached(fx);
            assertEquals("old", Actor.root().run("""
                    fd = os.open(A[0], os.O_RDONLY)
                    os.unlink(A[0])
                    out(open('/proc/self/fd/%d' % fd).read())
                    """, f).ok());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"passthrough", "no_passthrough"})
    void aTmpfileReopensThroughProc(String io) throws Exception {
        try (MountFixture fx = mount(io)) {
            assertEquals("unnamed", Actor.root().run("""
                    fd = os.open(A[0], os.O_TMPFILE | os.O_RDWR, 0o600)
                    os.write(fd, b'unnamed')
                    out(open('/proc/self/fd/%d' % fd).read())
                    """, fx.mnt()).ok());
        }
    }
}
