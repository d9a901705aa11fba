package io.handlefs.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** readdir of a large directory while another process adds and removes entries. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReaddirTest {

    private static final int STABLE = 10_000;

    @RegisterExtension
    static final SharedMount fx = new SharedMount("readdir");
    private static final Actor root = Actor.root();

    /**
     * Churns names in A[0] until A[1] exists (at most 25 s): creates churn-N with ever-growing
     * N (no name is ever reused), unlinks and renames earlier ones, keeping a few hundred
     * alive. Touches A[2] once running; prints the number of operations.
     */
    private static final String CHURN = """
            d, stop, ready = A
            live = []
            n = ops = 0
            deadline = time.monotonic() + 25
            open(ready, 'w').close()
            while not os.path.exists(stop) and time.monotonic() < deadline:
                for _ in range(50):
                    name = '%s/churn-%d' % (d, n)
                    os.close(os.open(name, os.O_CREAT | os.O_WRONLY, 0o644))
                    live.append(name)
                    n += 1
                    ops += 1
                    if len(live) > 300:
                        victim = live.pop(0)
                        if n % 3 == 0:
                            os.rename(victim, victim + '-renamed')
                            live.append(victim + '-renamed')
                        else:
                            os.unlink(victim)
                        ops += 1
            out(ops)
            """;

    @Test
    void largeDirectoryListsEveryStableEntryExactlyOnceUnderChurn() throws Exception {
        Path top = fx.newDir("big");
        Path big = Files.createDirectory(top.resolve("entries"));
        // Hard links to one file: readdir is about directory entries, and this spares 10,000
        // inode allocations, whose cost on the CI's ext4 is noisy (up to seconds).
        Path target = Files.writeString(top.resolve("target"), "t");
        root.run("""
                for i in range(int(A[2])):
                    os.link(A[1], '%s/stable-%05d' % (A[0], i))
                """, big, target, STABLE).ok();
        assertEquals(STABLE, list(big).size(), "quiet listing");

        Path stop = top.resolve("stop");
        Path ready = top.resolve("ready");
        Actor.Running churn = root.start(CHURN, big, stop, ready);
        int listings = 0;
        try {
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(ready)) {
                if (System.nanoTime() > waitUntil) {
                    fail("churn did not start: " + churn.await(Duration.ofSeconds(1)).describe());
                }
                Thread.sleep(5);
            }
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            while (listings < 5 || System.nanoTime() < until) {
                List<String> names = list(big);
                listings++;
                Set<String> seen = new HashSet<>();
                List<String> dups = new ArrayList<>();
                int stable = 0;
                for (String n : names) {
                    if (!seen.add(n)) {
                        dups.add(n);
                    }
                    if (n.startsWith("stable-")) {
                        stable++;
                    }
                }
                assertEquals(List.of(), dups, "duplicates in listing " + listings);
                for (int i = 0; i < STABLE; i++) {
                    String n = String.format("stable-%05d", i);
                    assertTrue(seen.contains(n), n + " missing from listing " + listings);
                }
                assertEquals(STABLE, stable, "listing " + listings);
            }
            assertTrue(churn.isAlive(), "churn ran through all listings");
        } finally {
            Files.writeString(stop, "");
        }
        long ops = Long.parseLong(churn.await(Duration.ofSeconds(20)).ok());
        assertTrue(ops >= 100, "churn made " + ops + " changes during " + listings + " listings");
    }

    @Test
    void entryTypesAreReported() throws Exception {
        Path d = fx.newDir("types");
        Files.writeString(d.resolve("file"), "x");
        Files.createDirectory(d.resolve("dir"));
        Files.createSymbolicLink(d.resolve("link"), Path.of("dir"));
        assertEquals("dir:d file:f link:l pipe:p", root.run("""
                os.mkfifo(A[0] + '/pipe')
                r = []
                for e in sorted(os.scandir(A[0]), key=lambda e: e.name):
                    t = ('l' if e.is_symlink() else 'd' if e.is_dir(follow_symlinks=False)
                         else 'f' if e.is_file(follow_symlinks=False) else 'p')
                    r.append(e.name + ':' + t)
                out(*r)
                """, d).ok());
    }

    @Test
    void listingReflectsCreatesAndDeletes() throws Exception {
        Path d = fx.newDir("fresh");
        for (int i = 0; i < 100; i++) {
            Files.writeString(d.resolve("f" + i), "");
        }
        assertEquals(100, list(d).size());
        for (int i = 0; i < 100; i += 2) {
            Files.delete(d.resolve("f" + i));
        }
        List<String> names = list(d);
        assertEquals(50, names.size());
        assertTrue(names.stream().allMatch(n -> Integer.parseInt(n.substring(1)) % 2 == 1), names.toString());
        for (int i = 1; i < 100; i += 2) {
            Files.delete(d.resolve("f" + i));
        }
        assertEquals(List.of(), list(d));
        assertEquals("['.', '..']", root.run("""
                # the raw entries, through getdents64, include . and ..
                buf = ctypes.create_string_buffer(65536)
                fd = os.open(A[0], os.O_RDONLY | os.O_DIRECTORY)
                names = []
                while True:
                    n = libc.syscall(217, fd, buf, 65536)
                    if n <= 0:
                        break
                    off = 0
                    while off < n:
                        reclen = struct.unpack_from('H', buf.raw, off + 16)[0]
                        names.append(buf.raw[off + 19:off + reclen].split(b'\\0')[0].decode())
                        off += reclen
                out(sorted(names))
                """, d).ok());
    }

    private static List<String> list(Path dir) throws Exception {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                names.add(p.getFileName().toString());
            }
        }
        return names;
    }
}
