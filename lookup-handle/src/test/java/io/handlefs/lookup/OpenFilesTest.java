package io.handlefs.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handlefs.codec.NodeId;
import io.handlefs.inode.MemoryNodeTable;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Linux;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens of a node: a write-only open asked to be readable (for a FUSE writeback cache) is opened
 * read-write when the caller may read the file, and as asked when it may not; and a node whose
 * file was removed behind the export's back (its cached fd outlives the removal) is ESTALE to
 * open, unless the file is open here already (reopened after an unlink while open).
 */
class OpenFilesTest {
    private static final Credentials ROOT = Credentials.DAEMON;
    private static final Credentials USER = new Credentials(1000, 1000, new int[0]);

    @TempDir
    Path tmp;
    private Path tree;
    private Export export;
    private OpenFiles files;

    @BeforeEach
    void open() throws Exception {
        tree = Files.createDirectory(tmp.resolve("tree"));
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

    /** LOOKUP as the kernel's reply counts it. */
    private NodeId lookup(String name) {
        NodeId id = export.lookup(ROOT, NodeId.ROOT, name).node().id();
        export.retain(id);
        return id;
    }

    @Test
    void aWriteOnlyOpenIsReadWriteWhenTheCallerMayRead() {
        NodeId rw = export.lookup(ROOT, NodeId.ROOT, "rw").node().id();
        NodeId w = export.lookup(ROOT, NodeId.ROOT, "w").node().id();
        assertTrue(files.readWrite(files.open(USER, rw, Linux.O_WRONLY, true).fh()));
        assertFalse(files.readWrite(files.open(USER, w, Linux.O_WRONLY, true).fh()), "falls back to write-only");
        assertFalse(files.readWrite(files.open(USER, rw, Linux.O_WRONLY, false).fh()), "not asked: as asked");
        assertTrue(files.readWrite(files.create(USER, NodeId.ROOT, "new", Linux.O_WRONLY, 0200, 0, true).fh()));
        assertFalse(files.readWrite(files.create(USER, NodeId.ROOT, "w", Linux.O_WRONLY, 0200, 0, true).fh()),
                "an existing file the caller may not read");
    }

    @Test
    void aFileRemovedBehindTheExportsBackIsStale() throws Exception {
        Files.writeString(tree.resolve("f"), "old");
        NodeId f = lookup("f");
        files.release(files.open(ROOT, f, Linux.O_RDONLY)); // leaves the node's fd cached
        Files.delete(tree.resolve("f"));
        Files.writeString(tree.resolve("f"), "new");
        ErrnoException e = assertThrows(ErrnoException.class, () -> files.open(ROOT, f, Linux.O_RDONLY));
        assertEquals(Errno.ESTALE, e.errno());
        assertEquals(0, files.openCount(), "the lower open is closed again");
    }

    @Test
    void aFileUnlinkedWhileOpenReopens() throws Exception {
        Files.writeString(tree.resolve("f"), "kept");
        NodeId f = lookup("f");
        long held = files.open(ROOT, f, Linux.O_RDONLY);
        export.unlink(ROOT, NodeId.ROOT, "f");
        long again = files.open(ROOT, f, Linux.O_RDONLY);
        ByteBuffer b = ByteBuffer.allocateDirect(16);
        files.read(again, b, 0);
        assertEquals("kept", StandardCharsets.US_ASCII.decode(b.flip()).toString());
        files.release(again);
        files.release(held);
    }
}
