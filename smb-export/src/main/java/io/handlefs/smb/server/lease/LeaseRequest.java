package io.handlefs.smb.server.lease;

/**
 * What a CREATE asked for in its lease context, [MS-SMB2] 2.2.13.2.8 (version 1) and 2.2.13.2.10
 * (version 2: a parent lease key, of the same client, and an epoch).
 */
public record LeaseRequest(LeaseKey key, int state, int version, LeaseKey parentKey, int epoch) {}
