package io.handlefs.smb.server.lease;

/**
 * What a CREATE asked for in its lease context, [MS-SMB2] 2.2.13.2.8 (version 1) and 2.2.13.2.10
 * (version 2: a parent lease key and an epoch).
 */
public record LeaseRequest(LeaseKey key, int state, int version, byte[] parentKey, int epoch) {
    public LeaseRequest {
        parentKey = parentKey == null ? null : parentKey.clone();
    }

    @Override
    public byte[] parentKey() {
        return parentKey == null ? null : parentKey.clone();
    }
}
