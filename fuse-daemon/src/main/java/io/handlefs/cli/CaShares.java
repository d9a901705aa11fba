package io.handlefs.cli;

import io.handlefs.smb.ShareConfig;

import java.util.List;

/** {@code --ca NAME}: the shares made continuously available from the command line. */
final class CaShares {
    private CaShares() {}

    private static boolean contains(List<String> caShares, String share) {
        return caShares.stream().anyMatch(share::equalsIgnoreCase);
    }

    /** A --ca naming no share is a mistake the user should hear about, not a silent no-op. */
    private static void checkKnown(List<String> caShares, List<ShareConfig> shares) {
        for (String ca : caShares) {
            if (shares.stream().noneMatch(s -> s.name().equalsIgnoreCase(ca))) {
                throw new IllegalArgumentException("--ca " + ca + ": no such share");
            }
        }
    }

    /** The shares with those named made continuously available. */
    static List<ShareConfig> apply(List<String> caShares, List<ShareConfig> shares) {
        checkKnown(caShares, shares);
        return shares.stream().map(s -> contains(caShares, s.name()) && !s.continuousAvailability()
                ? new ShareConfig(s.name(), s.path(), s.readOnly(), s.encrypt(), true) : s).toList();
    }
}
