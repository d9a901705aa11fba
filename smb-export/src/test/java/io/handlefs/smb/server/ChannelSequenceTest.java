package io.handlefs.smb.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** [MS-SMB2] 3.3.5.2.10 on one open: which channel sequence numbers are admitted, in 16-bit arithmetic. */
class ChannelSequenceTest {
    @Test
    void newerNumbersWithinHalfTheRangeAreAdmittedAndOlderOnesRefused() {
        ChannelSequence s = new ChannelSequence();
        s.start(0);
        // number, admitted (each admitted request is answered before the next, as one client does)
        int[][] steps = {{0, 1}, {0x8000, 0}, {0x8001, 0}, {0xFFFF, 0}, {0x7FFF, 1}, {0x7FFE, 0}, {0, 0},
                {0x8000, 1}, {0xFFFF, 1}, {0, 1}, {1, 1}, {0, 0}, {1, 1}, {0xFFFF, 0}};
        for (int[] step : steps) {
            boolean admitted = s.admit(step[0], false);
            assertEquals(step[1] == 1, admitted, "sequence " + Integer.toHexString(step[0]));
            if (admitted) {
                s.done(step[0]);
            }
        }
    }

    @Test
    void aReplayWithTheCurrentNumberWaitsForRequestsOfEarlierNumbers() {
        ChannelSequence s = new ChannelSequence();
        s.start(5);
        s.admit(5, false);                  // outstanding under 5 when the client moves to 6
        s.admit(6, false);
        assertEquals(false, s.admit(6, true), "a replay while a request of number 5 is outstanding");
        s.done(5);
        assertEquals(true, s.admit(6, true));
        assertEquals(false, s.admit(5, true), "a replay with an older number");
    }
}
