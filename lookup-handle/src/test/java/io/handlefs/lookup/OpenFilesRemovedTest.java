package io.handlefs.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.handlefs.codec.NodeId;
import io.handlefs.inode.MemoryNodeTable;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Linux;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's cached fd outlives its file's removal in the lower tree: opening the node then is
 * ESTALE, unless the file is open here already (reopened after an unlink while open).
 */
class OpenFilesRemovedTest {
    private static final Credentials ROOT = Credentials.DAEMON;

    @TempDir
    Path tmp;
    private Path tree;
    private Export export;
    private OpenFiles files;

    @BeforeEach
    void open() throws Exception {
        tree = Files.createDirectory(tmp.resolve("tree"));
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
