package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.Guid;

/**
 * What makes an open durable, [MS-SMB2] 3.3.1.10 (Open.IsDurable, IsPersistent, CreateGuid,
 * DurableOpenTimeout, DurableOwner, AppInstanceId, ClientGuid).
 *
 * @param version       1 (DHnQ) or 2 (DH2Q)
 * @param createGuid    the v2 CreateGuid; null for v1
 * @param owner         the user who may reclaim it (Open.DurableOwner)
 * @param clientGuid    the ClientGuid of the connection that opened it
 * @param appInstanceId the app instance id, or null
 */
record DurableGrant(int version, boolean persistent, Guid createGuid, long timeoutMillis, String owner,
                    Guid clientGuid, Guid appInstanceId) {
    /** Windows' default when the client leaves the timeout to the server ([MS-SMB2] 3.3.5.9.10). */
    static final long DEFAULT_TIMEOUT_MS = 60_000;
    /** The longest a handle is kept for a client that asks for more (Windows keeps 300 s at most). */
    static final long MAX_TIMEOUT_MS = 300_000;

    static long timeoutFor(long requestedMillis) {
        return requestedMillis == 0 ? DEFAULT_TIMEOUT_MS : Math.min(requestedMillis, MAX_TIMEOUT_MS);
    }
}
