package io.handlefs.lookup;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handlefs.codec.NodeId;
import io.handlefs.inode.MemoryNodeTable;
import io.handlefs.sys.Linux;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write-only open asked to be readable (for a FUSE writeback cache) is opened read-write when
 * the caller may read the file, and as asked when it may not.
 */
class OpenFilesReadableTest {
    private static final Credentials USER = new Credentials(1000, 1000, new int[0]);

    @TempDir
    Path tmp;
    private Export export;
    private OpenFiles files;

    @BeforeEach
    void open() throws Exception {
        Path tree = Files.createDirectory(tmp.resolve("tree"));
        Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path writeOnly = Files.writeString(tree.resolve("w"), "w");
        Files.setAttribute(writeOnly, "unix:uid", 1000);
        Files.setPosixFilePermissions(writeOnly, PosixFilePermissions.fromString("-w-------"));
        Path readWrite = Files.writeString(tree.resolve("rw"), "rw");
        Files.setAttribute(readWrite, "unix:uid", 1000);
        Files.setPosixFilePermissions(readWrite, PosixFilePermissions.fromString("rw-------"));
        export = Export.open(tree.toString(), new ExportOptions(1, 16), new MemoryNodeTable());
        files = new OpenFiles(export);
    }

    @AfterEach
    void close() {
        files.close();
        export.close();
    }

    @Test
    void aWriteOnlyOpenIsReadWriteWhenTheCallerMayRead() {
        NodeId rw = export.lookup(Credentials.DAEMON, NodeId.ROOT, "rw").node().id();
        NodeId w = export.lookup(Credentials.DAEMON, NodeId.ROOT, "w").node().id();
        assertTrue(files.readWrite(files.open(USER, rw, Linux.O_WRONLY, true).fh()));
        assertFalse(files.readWrite(files.open(USER, w, Linux.O_WRONLY, true).fh()), "falls back to write-only");
        assertFalse(files.readWrite(files.open(USER, rw, Linux.O_WRONLY, false).fh()), "not asked: as asked");
        assertTrue(files.readWrite(files.create(USER, NodeId.ROOT, "new", Linux.O_WRONLY, 0200, 0, true).fh()));
        assertFalse(files.readWrite(files.create(USER, NodeId.ROOT, "w", Linux.O_WRONLY, 0200, 0, true).fh()),
                "an existing file the caller may not read");
    }
}
