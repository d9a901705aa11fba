package io.handlefs.smb.server;

/** A tree connect, [MS-SMB2] 3.3.1.9: a share, or IPC$ when {@code share} is null. */
record TreeConnect(int id, Share share, boolean encryptData, int maximalAccess) {
    boolean isPipe() {
        return share == null;
    }
}
