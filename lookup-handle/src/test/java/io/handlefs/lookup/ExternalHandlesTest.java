package io.handlefs.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.handlefs.codec.FileHandle;
import io.handlefs.codec.HandleCodec;
import io.handlefs.codec.NodeId;
import io.handlefs.inode.MemoryNodeTable;
import io.handlefs.sys.Errno;
import io.handlefs.sys.ErrnoException;
import io.handlefs.sys.KernelHandle;
import io.handlefs.sys.Linux;
import io.handlefs.sys.Sys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Handles from outside: accepted back only if issued here and still under the export root. */
class ExternalHandlesTest {

    @TempDir
    Path tmp;
    private Path tree;
    private Path outside;
    private Export export;
    private HandleCodec codec;
    private ExternalHandles handles;
    private final Credentials root = Credentials.DAEMON;

    @BeforeEach
    void open() throws Exception {
        tree = Files.createDirectory(tmp.resolve("tree"));
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.createDirectories(tree.resolve("a/b"));
        Files.writeString(tree.resolve("a/b/f"), "in");
        Files.writeString(outside.resolve("secret"), "out");
        export = Export.open(tree.toString(), new ExportOptions(7, 16), new MemoryNodeTable());
        codec = new HandleCodec(HandleCodec.newSecret());
        handles = new ExternalHandles(export, codec);
    }

    @AfterEach
    void close() {
        export.close();
    }

    private NodeId walk(String... names) {
        NodeId id = NodeId.ROOT;
        for (String n : names) {
            id = export.lookup(root, id, n).node().id();
        }
        return id;
    }

    private Entry take(byte[] wire) {
        return handles.lookupHandle(root, wire, Optional.empty(), "test");
    }

    private void assertStale(byte[] wire) {
        assertSame(Errno.ESTALE, assertThrows(ErrnoException.class, () -> take(wire)).errno());
    }

    /** A correctly authenticated handle of any path: what a leaked secret would let one forge. */
    private byte[] forged(Path p, int exportId) {
        int fd = Sys.open(p.toString(), Linux.O_PATH | Linux.O_CLOEXEC, 0);
        try {
            KernelHandle kh = Sys.nameToHandleAt(fd, "", Linux.AT_EMPTY_PATH);
            return codec.encode(new FileHandle(exportId, export.fsId(), kh.type(), kh.bytes()));
        } finally {
            Sys.close(fd);
        }
    }

    @Test
    void issuedHandlesComeBackToTheSameNodes() {
        NodeId f = walk("a", "b", "f");
        NodeId b = walk("a", "b");
        assertEquals(f, take(handles.encode(f)).node().id());
        assertEquals(b, take(handles.encode(b)).node().id());
        assertEquals(NodeId.ROOT, take(handles.encode(NodeId.ROOT)).node().id());
        assertEquals(f, handles.lookupHandle(root, handles.encode(b), Optional.of("f"), "test").node().id());
    }

    @Test
    void aDirectoryHandleIsAcceptedWithoutPriorLookupWhenUnderTheRoot() {
        assertEquals(walk("a", "b"), take(forged(tree.resolve("a/b"), 7)).node().id());
    }

    @Test
    void tamperedTruncatedAndOversizedHandlesAreStale() {
        byte[] good = handles.encode(walk("a", "b", "f"));
        byte[] flipped = good.clone();
        flipped[flipped.length - 1] ^= 1;
        assertStale(flipped);
        assertStale(Arrays.copyOf(good, good.length - 1));
        assertStale(Arrays.copyOf(good, HandleCodec.MAX_WIRE_BYTES + 1));
        assertStale(new byte[0]);
        assertStale(new HandleCodec(HandleCodec.newSecret()).encode(export.table().get(walk("a")).orElseThrow().handle()));
    }

    @Test
    void randomBytesAreStale() {
        java.util.Random random = new java.util.Random(0x5EED);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[random.nextInt(HandleCodec.MAX_WIRE_BYTES + 40)];
            random.nextBytes(junk);
            if (junk.length > 2 && random.nextBoolean()) {
                junk[0] = 'h'; // past the magic, to reach the later checks
                junk[1] = 'F';
                junk[2] = 1;
            }
            assertStale(junk);
        }
    }

    @Test
    void everySingleBitFlipOfAValidHandleIsStale() {
        byte[] good = handles.encode(walk("a", "b", "f"));
        for (int bit = 0; bit < good.length * 8; bit++) {
            byte[] flipped = good.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertStale(flipped);
        }
    }

    @Test
    void anotherExportsOrFilesystemsHandleIsStale() {
        assertStale(forged(tree.resolve("a"), 8));
        FileHandle a = export.table().get(walk("a")).orElseThrow().handle();
        assertStale(codec.encode(new FileHandle(7, a.fsId() + 1, a.handleType(), a.handleBytes())));
    }

    @Test
    void objectsOutsideTheRootAreStaleEvenWithAValidMac() {
        assertStale(forged(outside, 7));
        assertStale(forged(tmp, 7));
        assertStale(forged(outside.resolve("secret"), 7));
    }

    @Test
    void aDeletedFilesHandleIsStale() throws Exception {
        byte[] wire = handles.encode(walk("a", "b", "f"));
        Files.delete(tree.resolve("a/b/f"));
        export.dropCachedFds();
        assertStale(wire);
    }
}
