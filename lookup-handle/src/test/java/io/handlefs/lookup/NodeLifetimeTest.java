package io.handlefs.lookup;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handlefs.codec.NodeId;
import io.handlefs.inode.LmdbNodeTable;
import io.handlefs.inode.LmdbOptions;
import io.handlefs.inode.MemoryNodeTable;
import io.handlefs.sys.Linux;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over a durable table a node stays while its file exists, whatever the kernel forgets, and
 * leaves when its last link goes (unlink, rmdir, rename over it) — at once if the kernel holds it
 * no more, else at the kernel's FORGET.
 */
class NodeLifetimeTest {

    @TempDir
    Path tmp;
    private Path tree;
    private Export export;
    private final Credentials root = Credentials.DAEMON;

    @BeforeEach
    void open() throws Exception {
        tree = Files.createDirectory(tmp.resolve("tree"));
        export = Export.open(tree.toString(), new ExportOptions(1, 16),
                LmdbNodeTable.open(tmp.resolve("state"), LmdbOptions.DEFAULTS.withMapSize(1 << 24)));
    }

    @AfterEach
    void close() {
        export.close();
    }

    private NodeId lookup(String name) {
        return lookup(export, name);
    }

    /** LOOKUP as the kernel's reply counts it. */
    private NodeId lookup(Export in, String name) {
        NodeId id = in.lookup(root, NodeId.ROOT, name).node().id();
        in.retain(id);
        return id;
    }

    /** The same tree over the in-memory table, which drops a node the table is told to release. */
    private Export inMemory() {
        return Export.open(tree.toString(), new ExportOptions(1, 16), new MemoryNodeTable());
    }

    private boolean known(NodeId id) {
        return export.table().get(id).isPresent();
    }

    @Test
    void forgottenNodesStayWhileTheirFileExists() throws Exception {
        Files.writeString(tree.resolve("f"), "x");
        NodeId f = lookup("f");
        export.forget(f, 1);
        assertTrue(known(f), "FORGET drops memory state only");
        export.dropCachedFds();
        assertTrue(export.getattr(f).size() == 1, "and the node reopens by handle");
    }

    @Test
    void unlinkOfTheLastLinkRemovesTheNodeWhenTheKernelLetsGo() throws Exception {
        Files.writeString(tree.resolve("f"), "x");
        Files.createLink(tree.resolve("g"), tree.resolve("f"));
        NodeId f = lookup("f");
        export.unlink(root, NodeId.ROOT, "f");
        assertTrue(known(f), "another link remains");
        export.unlink(root, NodeId.ROOT, "g");
        assertTrue(known(f), "the kernel still holds the node (an open file may use it)");
        export.forget(f, 1);
        assertFalse(known(f), "gone at FORGET");
    }

    @Test
    void rmdirAndRenameOverRemoveUnheldNodesAtOnce() throws Exception {
        Files.createDirectory(tree.resolve("d"));
        Files.writeString(tree.resolve("victim"), "old");
        Files.writeString(tree.resolve("new"), "new");
        Files.writeString(tree.resolve("a"), "a");
        Files.writeString(tree.resolve("b"), "b");
        NodeId d = lookup("d");
        NodeId victim = lookup("victim");
        NodeId a = lookup("a");
        NodeId b = lookup("b");
        for (NodeId id : new NodeId[] {d, victim, a, b}) {
            export.forget(id, 1);
        }
        export.rmdir(root, NodeId.ROOT, "d");
        assertFalse(known(d));
        export.rename(root, NodeId.ROOT, "new", NodeId.ROOT, "victim", 0);
        assertFalse(known(victim), "replaced by a rename");
        export.rename(root, NodeId.ROOT, "a", NodeId.ROOT, "b", Linux.RENAME_EXCHANGE);
        assertTrue(known(a) && known(b), "an exchange removes nothing");
    }

    /**
     * A lookup hands out its entry before the caller counts it: a release by the node's last
     * holder in between must not cost the entry its node, even in a table that drops unreferenced
     * nodes (the SMB server's in-memory one).
     */
    @Test
    void aNodeReleasedBetweenALookupAndItsCountStaysInAnInMemoryTable() throws Exception {
        try (Export memory = inMemory()) {
            Files.writeString(tree.resolve("f"), "x");
            NodeId held = lookup(memory, "f");
            NodeId inFlight = memory.lookup(root, NodeId.ROOT, "f").node().id();
            memory.forget(held, 1); // the last holder lets go before the second caller counts
            memory.retain(inFlight);
            assertTrue(memory.table().get(inFlight).isPresent());
            assertTrue(memory.getattr(inFlight).size() == 1);
        }
    }

    @Test
    void unreferencedNodesLeaveAnInMemoryTableAfterEnoughLaterReleases() throws Exception {
        try (Export memory = inMemory()) {
            Files.writeString(tree.resolve("first"), "x");
            NodeId first = lookup(memory, "first");
            memory.forget(first, 1);
            for (int i = 0; i < Export.RELEASE_DELAY; i++) {
                Files.writeString(tree.resolve("f" + i), "x");
                NodeId other = lookup(memory, "f" + i);
                assertTrue(memory.table().get(first).isPresent() || i == Export.RELEASE_DELAY - 1);
                memory.forget(other, 1);
            }
            assertFalse(memory.table().get(first).isPresent(), "released once 4,096 later releases came");
        }
    }
}
