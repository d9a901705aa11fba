package io.handlefs.tests;

/** Bare numeric test identities: no /etc/passwd or /etc/group entries are needed. */
final class Ids {
    static final int ALICE = 4001;
    static final int BOB = 4002;
    static final int CAROL = 4003;

    /** Alice's and Bob's primary group. */
    static final int STAFF = 4100;
    /** A project group, given as a supplementary group when a test needs it. */
    static final int PROJ = 4200;
    /** A group nobody is in. */
    static final int OTHER = 4300;

    private Ids() {}
}
