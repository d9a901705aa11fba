package io.handlefs.lookup;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.handlefs.codec.NodeId;
import io.handlefs.inode.LmdbNodeTable;
import io.handlefs.inode.LmdbOptions;
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
        NodeId id = export.lookup(root, NodeId.ROOT, name).node().id();
        export.retain(id);
        return id;
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
}
