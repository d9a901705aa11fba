package io.handlefs.smb.server;

import io.handlefs.smb.mssmb2.NtStatus;
import io.handlefs.smb.mssmb2.SmbException;
import io.handlefs.sys.RawNames;

import java.util.ArrayList;
import java.util.List;

/**
 * A share-relative SMB path split into checked components, with the statuses Windows gives for
 * bad ones: a leading backslash or an empty component is invalid, "." and ".." components are a
 * bad path syntax (nothing climbs out of a share), reserved characters make the name invalid,
 * and a named stream other than the default data stream is not found (no streams here).
 */
record SmbPath(List<String> components) {
    private static final String RESERVED = "\"*/:<>?|";
    private static final int MAX_COMPONENT_BYTES = 255;

    SmbPath {
        components = List.copyOf(components);
    }

    static SmbPath parse(String path) {
        String p = stripDefaultStream(path);
        if (p.startsWith("\\")) {
            throw new SmbException(NtStatus.INVALID_PARAMETER, "path starts with a backslash");
        }
        if (p.endsWith("\\")) {
            p = p.substring(0, p.length() - 1);
        }
        List<String> parts = new ArrayList<>();
        if (p.isEmpty()) {
            return new SmbPath(parts);
        }
        for (String c : p.split("\\\\", -1)) {
            check(c);
            parts.add(c);
        }
        return new SmbPath(parts);
    }

    private static String stripDefaultStream(String path) {
        int colon = path.indexOf(':');
        if (colon < 0) {
            return path;
        }
        String stream = path.substring(colon);
        if (stream.equalsIgnoreCase("::$DATA")) {
            return path.substring(0, colon);
        }
        if (path.lastIndexOf('\\') > colon) {
            throw new SmbException(NtStatus.OBJECT_NAME_INVALID, "stream name in a directory component");
        }
        throw new SmbException(NtStatus.OBJECT_NAME_NOT_FOUND, "named streams are not served: " + stream);
    }

    private static void check(String c) {
        if (c.isEmpty()) {
            throw new SmbException(NtStatus.OBJECT_NAME_INVALID, "empty path component");
        }
        if (c.equals(".") || c.equals("..")) {
            throw new SmbException(NtStatus.OBJECT_PATH_SYNTAX_BAD, "'" + c + "' in a path");
        }
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (ch < 0x20 || RESERVED.indexOf(ch) >= 0) {
                throw new SmbException(NtStatus.OBJECT_NAME_INVALID, "reserved character " + (int) ch);
            }
        }
        if (RawNames.fromUnicode(c).length() > MAX_COMPONENT_BYTES) {
            throw new SmbException(NtStatus.OBJECT_NAME_INVALID, "name longer than 255 bytes");
        }
    }

    boolean isRoot() {
        return components.isEmpty();
    }

    String leaf() {
        return components.get(components.size() - 1);
    }

    /** The path as FileNameInformation shows it: "\" then the components. */
    String display() {
        return "\\" + String.join("\\", components);
    }
}
