package io.handlefs.fuse;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DevNumbersTest {
    @Test
    void nullDeviceCrossesBothWays() {
        long devNull = DevNumbers.makedev(1, 3);
        assertEquals(0x103, devNull);
        assertEquals(0x103, DevNumbers.toKernel(devNull));
        assertEquals(devNull, DevNumbers.fromKernel(0x103));
    }

    @Test
    void largeMajorAndMinorSurviveTheRoundTrip() {
        long dev = DevNumbers.makedev(259, 70000);
        assertEquals(259, DevNumbers.major(dev));
        assertEquals(70000, DevNumbers.minor(dev));
        assertEquals(dev, DevNumbers.fromKernel(DevNumbers.toKernel(dev)));
    }
}
