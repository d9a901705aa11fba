package io.handlefs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo tree the quick start mounts: a few files to look at, created once. */
record Demo(Path source, Path mountPoint, Path state) {

    static Demo create(Path base) throws IOException {
        Path root = base.toAbsolutePath().normalize();
        Demo demo = new Demo(root.resolve("source"), root.resolve("mnt"), root.resolve("state"));
        Files.createDirectories(demo.mountPoint);
        Files.createDirectories(demo.state);
        if (!Files.exists(demo.source)) {
            Files.createDirectories(demo.source.resolve("docs"));
            Files.writeString(demo.source.resolve("README.txt"),
                    "This tree is served by handlefs. Files created here keep their handles across\n"
                            + "renames, cache pruning and daemon restarts.\n");
            Files.writeString(demo.source.resolve("docs/hello.txt"), "hello from handlefs\n");
            Files.createSymbolicLink(demo.source.resolve("docs/link-to-hello"), Path.of("hello.txt"));
        }
        return demo;
    }
}
