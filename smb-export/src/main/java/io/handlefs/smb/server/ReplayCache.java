package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.Guid;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CREATEs with a CreateGuid (DH2Q) that a client may replay, [MS-SMB2] 3.3.5.9.10, by its
 * ClientGuid and the CreateGuid: one still in progress (waiting for breaks), or the open it made
 * until the client uses that open for anything else. A replay of a create in progress fails with
 * STATUS_FILE_NOT_AVAILABLE (Samba's answer; Windows waits or refuses, see smbtorture's
 * smb2.replay dhv2-pending tests); a replay of a made one is answered with that open. Once the
 * client has used the open, its create's response evidently arrived: a replay opens anew.
 */
final class ReplayCache {
    /** A create as the client names it. */
    record Key(Guid client, Guid create) {}

    private final Set<Key> inProgress = ConcurrentHashMap.newKeySet();
    private final Map<Key, Open> made = new ConcurrentHashMap<>();

    /** A create with this key starts (its key is null when it has no CreateGuid). */
    void begin(Key key) {
        if (key != null) {
            inProgress.add(key);
        }
    }

    /** The create ended: with the open it made, or with none (failed or cancelled). */
    void ended(Key key, Open open) {
        if (key == null) {
            return;
        }
        if (open != null) {
            open.replayKey = key;
            made.put(key, open);
        }
        inProgress.remove(key);
    }

    boolean inProgress(Key key) {
        return inProgress.contains(key);
    }

    /** The open a create with this key made and the client has not used yet, or null. */
    Open made(Key key) {
        return made.get(key);
    }

    /** The client used the open (or it closed): a replay of its create is a new create now. */
    void used(Open open) {
        Key key = open.replayKey;
        if (key != null) {
            open.replayKey = null;
            made.remove(key, open);
        }
    }
}
