package io.handlefs.cli;

import io.handlefs.smb.ShareConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code --ca NAME}: marks the named shares (any case) continuously available, and no others. */
class CaSharesTest {
    private static final List<ShareConfig> SHARES = List.of(new ShareConfig("data", "/srv/data", false, false, false),
            new ShareConfig("Docs", "/srv/docs", true, true, false));

    @Test
    void namedSharesBecomeContinuouslyAvailable() {
        List<ShareConfig> out = CaShares.apply(List.of("docs"), SHARES);
        assertEquals(List.of(SHARES.get(0), new ShareConfig("Docs", "/srv/docs", true, true, true)), out);
        assertEquals(SHARES, CaShares.apply(List.of(), SHARES));
    }

    @Test
    void aCaForNoShareIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CaShares.apply(List.of("nope"), SHARES));
        assertEquals("--ca nope: no such share", e.getMessage());
    }
}
