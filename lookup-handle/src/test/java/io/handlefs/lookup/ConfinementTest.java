package io.handlefs.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.handlefs.codec.NodeId;
import io.handlefs.inode.MemoryNodeTable;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.Linux;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon itself never leaves the export: a symlink is a node of its own and never a way
 * through, and ".." stops at the export root. (Following a symlink in a path is the caller's
 * kernel's business; these are the lookups the daemon makes on its own side.)
 */
class ConfinementTest {

    @TempDir
    Path tmp;
    private Path tree;
    private Export export;
    private OpenFiles files;
    private final Credentials root = Credentials.DAEMON;

    @BeforeEach
    void open() throws Exception {
        tree = Files.createDirectory(tmp.resolve("tree"));
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        Files.createDirectory(tree.resolve("sub"));
        Files.createSymbolicLink(tree.resolve("abs"), outside);
        Files.createSymbolicLink(tree.resolve("rel"), Path.of("../outside"));
        Files.createSymbolicLink(tree.resolve("file"), Path.of("../outside/secret"));
        export = Export.open(tree.toString(), new ExportOptions(1, 16), new MemoryNodeTable());
        files = new OpenFiles(export);
    }

    @AfterEach
    void close() {
        files.close();
        export.close();
    }

    @Test
    void aSymlinkIsItsOwnNodeAndNeverADirectoryToLookInto() {
        for (String link : new String[] {"abs", "rel"}) {
            Entry e = export.lookup(root, NodeId.ROOT, link);
            assertEquals(Linux.S_IFLNK, e.stat().mode() & Linux.S_IFMT, link + " is looked up as the link itself");
            assertSame(Errno.ENOTDIR, assertThrows(ErrnoException.class,
                    () -> export.lookup(root, e.node().id(), "secret")).errno(), link);
        }
        assertEquals("../outside", export.readlink(export.lookup(root, NodeId.ROOT, "rel").node().id()));
    }

    @Test
    void openingASymlinkNodeDoesNotReachItsTarget() {
        NodeId link = export.lookup(root, NodeId.ROOT, "file").node().id();
        ErrnoException e = assertThrows(ErrnoException.class, () -> files.open(root, link, Linux.O_RDONLY));
        assertSame(Errno.ELOOP, e.errno());
    }

    @Test
    void dotDotStopsAtTheExportRoot() {
        assertEquals(NodeId.ROOT, export.lookup(root, NodeId.ROOT, "..").node().id());
        NodeId sub = export.lookup(root, NodeId.ROOT, "sub").node().id();
        assertEquals(NodeId.ROOT, export.lookup(root, sub, "..").node().id());
    }

    @Test
    void namesWithSlashesOrEmptyAreRefused() {
        for (String name : new String[] {"sub/..", "../outside", "", "a/b"}) {
            assertSame(Errno.EINVAL, assertThrows(ErrnoException.class,
                    () -> export.lookup(root, NodeId.ROOT, name)).errno(), "'" + name + "'");
        }
    }
}
