package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.FileId;
import io.handlefs.smb.mssmb2.Guid;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** [MS-SMB2] 3.3.5.9.10 bookkeeping: what a replay of a create finds while it runs, after, and once the open is used. */
class ReplayCacheTest {
    private static final Guid CLIENT = new Guid(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    private static final Guid OTHER_CLIENT = new Guid(new byte[16]);
    private static final Guid CREATE = new Guid(new byte[] {16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1});

    private static Open open(long id) {
        return new Open(new FileId(id, id), null, null, null, null, "f", "f", false, 0, 0, -1, null);
    }

    @Test
    void aCreateInProgressIsFoundUntilItEndsThenItsOpenUntilTheClientUsesIt() {
        ReplayCache cache = new ReplayCache();
        ReplayCache.Key key = new ReplayCache.Key(CLIENT, CREATE);
        cache.begin(key);
        assertTrue(cache.inProgress(key));
        assertNull(cache.made(key));
        assertFalse(cache.inProgress(new ReplayCache.Key(OTHER_CLIENT, CREATE)), "another client's CreateGuid");

        Open made = open(7);
        cache.ended(key, made);
        assertFalse(cache.inProgress(key));
        assertSame(made, cache.made(key));

        cache.used(made);
        assertNull(cache.made(key), "a replay after the open was used is a new create");
        assertNull(made.replayKey);
    }

    @Test
    void aFailedCreateLeavesNothingAndANewerOpenOfTheSameKeyIsNotForgottenByTheOlder() {
        ReplayCache cache = new ReplayCache();
        ReplayCache.Key key = new ReplayCache.Key(CLIENT, CREATE);
        cache.begin(key);
        cache.ended(key, null);
        assertFalse(cache.inProgress(key));
        assertNull(cache.made(key));

        Open older = open(1);
        Open newer = open(2);
        cache.begin(key);
        cache.ended(key, older);
        cache.begin(key);
        cache.ended(key, newer);
        cache.used(older);
        assertSame(newer, cache.made(key));
    }

    @Test
    void aCreateWithoutCreateGuidIsNotTracked() {
        ReplayCache cache = new ReplayCache();
        cache.begin(null);
        Open o = open(3);
        cache.ended(null, o);
        assertNull(o.replayKey);
    }
}
