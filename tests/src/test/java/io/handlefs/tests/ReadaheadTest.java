package io.handlefs.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import io.handlefs.fuse.MountOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The kernel reads ahead through the daemon as far as one READ carries, not its default 128 KiB. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReadaheadTest {

    @Test
    void readaheadWindowIsTheLargestRead() throws IOException {
        try (MountFixture fx = MountFixture.create("readahead", MountOptions.defaults().with("no_passthrough"))) {
            Assumptions.assumeTrue(fx.mount() != null, "natively there is no FUSE readahead window");
            long dev = (long) Files.getAttribute(fx.mnt(), "unix:dev");
            long minor = (dev & 0xff) | ((dev >>> 12) & 0xffffff00L);
            Path window = Path.of("/sys/class/bdi/0:" + minor + "/read_ahead_kb");
            assertEquals(Integer.toString(MountOptions.MAX_WRITE / 1024), Files.readString(window).trim());
        }
    }
}
