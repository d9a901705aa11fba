package io.handlefs.smb;

/**
 * One share: its name, the directory it exports, and how it is served.
 *
 * @param path                   the directory: inside the export when the server is given one
 *                               export ("/" is its root), else a host path
 * @param continuousAvailability continuously available (CA): persistent handles are granted on it,
 *                               and its writes are write-through
 */
public record ShareConfig(String name, String path, boolean readOnly, boolean encrypt,
                          boolean continuousAvailability) {
    public ShareConfig {
        if (name.isEmpty() || name.length() > 80 || name.chars().anyMatch(c -> c < 0x20 || "\\/:*?\"<>|[]".indexOf(c) >= 0)) {
            throw new IllegalArgumentException("bad share name: " + name);
        }
        if (name.equalsIgnoreCase("IPC$")) {
            throw new IllegalArgumentException("IPC$ is built in");
        }
    }
}
