package io.handlefs.cli;

import io.handlefs.sys.Sys;

import java.nio.file.Path;

/** Where state lives when --state-dir is not given. */
final class StateDirs {
    private StateDirs() {}

    static Path orDefault(Path given) {
        if (given != null) {
            return given;
        }
        return Sys.getuid() == 0 ? Path.of("/var/lib/handlefs")
                : Path.of(System.getProperty("user.home"), ".local", "state", "handlefs");
    }
}
