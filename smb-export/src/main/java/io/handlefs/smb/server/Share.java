package io.handlefs.smb.server;

import io.handlefs.codec.NodeId;
import io.handlefs.lookup.Directories;
import io.handlefs.lookup.Export;
import io.handlefs.lookup.OpenFiles;
import io.handlefs.smb.ShareConfig;

/** A share being served: its configuration and where in which export its root lies. */
record Share(ShareConfig config, Export export, OpenFiles files, Directories dirs, NodeId root) {
    String name() {
        return config.name();
    }
}
