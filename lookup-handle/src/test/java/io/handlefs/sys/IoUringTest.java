package io.handlefs.sys;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IoUringTest {
    /** A poll on an eventfd completes once the eventfd is written: submission, wait and completion work. */
    @Test
    void pollCompletesWhenTheEventfdIsWritten() {
        int efd = Sys.eventfd();
        try (IoUring ring = IoUring.open(2, 4)) {
            int sqe = ring.nextSqe();
            ring.sqes().put(sqe, (byte) IoUring.OP_POLL_ADD).putInt(sqe + 4, efd).putInt(sqe + 28, Linux.POLLIN)
                    .putLong(sqe + 32, 1234);
            ring.submitAndWait(0);
            List<Long> done = new ArrayList<>();
            assertEquals(0, ring.completions((data, res) -> done.add(data)), "nothing before the write");
            Sys.write(efd, ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1));
            ring.submitAndWait(1);
            assertEquals(1, ring.completions((data, res) -> {
                done.add(data);
                assertTrue(res > 0, "poll mask " + res);
            }));
            assertEquals(List.of(1234L), done);
        } finally {
            Sys.close(efd);
        }
    }

    @Test
    void aFullSubmissionRingIsRefused() {
        try (IoUring ring = IoUring.open(2, 4)) {
            ring.nextSqe();
            ring.nextSqe();
            assertThrows(IllegalStateException.class, ring::nextSqe);
        }
    }
}
