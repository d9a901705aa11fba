package io.handlefs.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A process acting as a given user: runs a python3 snippet ({@code python3 -I -c}) under
 * {@code setpriv --reuid U --regid G --groups ...}, with a hard timeout.
 *
 * <p>Snippets get a small prelude (see {@link #PRELUDE}): {@code A} is the argument list,
 * {@code err(f, *args)} calls {@code f} and returns {@code 'OK'} or the errno name
 * ({@code 'EACCES'}), {@code cerr(rc)} does the same for a ctypes return code, {@code
 * renameat2}, {@code fallocate}, {@code utimensat}, {@code linkat} wrap libc, and {@code mode(p)}
 * gives the octal permission bits of an lstat. Snippets print their results; tests compare the
 * printed text exactly.
 *
 * <p>Paths are passed as arguments, never spliced into the snippet.
 */
public final class Actor {

    /** Default hard timeout of one snippet. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    static final String PRELUDE = """
            import os, sys, errno, stat, fcntl, struct, ctypes, time
            A = sys.argv[1:]
            libc = ctypes.CDLL(None, use_errno=True)
            AT_FDCWD = -100
            AT_SYMLINK_NOFOLLOW = 0x100
            AT_SYMLINK_FOLLOW = 0x400
            RENAME_NOREPLACE = 1
            RENAME_EXCHANGE = 2
            UTIME_NOW = (1 << 30) - 1
            UTIME_OMIT = (1 << 30) - 2
            def ename(n):
                return errno.errorcode.get(n, str(n))
            def err(f, *a, **k):
                try:
                    f(*a, **k)
                    return 'OK'
                except OSError as e:
                    return ename(e.errno)
            def cerr(rc):
                return 'OK' if rc == 0 else ename(ctypes.get_errno())
            def _b(p):
                return os.fsencode(p)
            def renameat2(a, b, flags):
                if hasattr(libc, 'renameat2'):
                    f = libc.renameat2
                    f.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
                    return cerr(f(AT_FDCWD, _b(a), AT_FDCWD, _b(b), flags))
                return cerr(libc.syscall(ctypes.c_long(316), ctypes.c_int(AT_FDCWD), ctypes.c_char_p(_b(a)),
                                         ctypes.c_int(AT_FDCWD), ctypes.c_char_p(_b(b)), ctypes.c_uint(flags)))
            def fallocate(fd, fmode, off, length):
                f = libc.fallocate
                f.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_long, ctypes.c_long]
                return cerr(f(fd, fmode, off, length))
            def linkat(src, dst, flags):
                f = libc.linkat
                f.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
                return cerr(f(AT_FDCWD, _b(src), AT_FDCWD, _b(dst), flags))
            class _ts(ctypes.Structure):
                _fields_ = [('tv_sec', ctypes.c_long), ('tv_nsec', ctypes.c_long)]
            def utimensat(p, atime, mtime, flags=0):
                # atime/mtime: (sec, nsec) tuples, or UTIME_NOW / UTIME_OMIT
                def ts(t):
                    return _ts(0, t) if isinstance(t, int) else _ts(t[0], t[1])
                arr = (_ts * 2)(ts(atime), ts(mtime))
                f = libc.utimensat
                f.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int]
                return cerr(f(AT_FDCWD, _b(p), ctypes.byref(arr), flags))
            def mode(p):
                return '%o' % stat.S_IMODE(os.lstat(p).st_mode)
            def out(*v):
                print(*v, flush=True)
            class _fh(ctypes.Structure):
                _fields_ = [('bytes', ctypes.c_uint), ('type', ctypes.c_int), ('f', ctypes.c_ubyte * 128)]
            def handle_of(p):
                # name_to_handle_at(p) as text: 'type hex'
                h = _fh(128, 0)
                mid = ctypes.c_int(0)
                f = libc.name_to_handle_at
                f.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int]
                if f(AT_FDCWD, os.fsencode(p), ctypes.byref(h), ctypes.byref(mid), 0) != 0:
                    raise OSError(ctypes.get_errno(), 'name_to_handle_at ' + p)
                return '%d %s' % (h.type, bytes(h.f[:h.bytes]).hex())
            def open_handle(mnt, text):
                # open_by_handle_at(text) on the filesystem of mnt: an fd, or the errno name
                t, hx = text.split()
                raw = bytes.fromhex(hx)
                h = _fh(len(raw), int(t))
                ctypes.memmove(h.f, raw, len(raw))
                m = os.open(mnt, os.O_RDONLY | os.O_DIRECTORY)
                f = libc.open_by_handle_at
                f.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
                fd = f(m, ctypes.byref(h), os.O_RDONLY)
                os.close(m)
                return ename(ctypes.get_errno()) if fd < 0 else fd
            def fuse_node(text):
                # a FUSE handle (type 0x81): 'nodeid generation'
                words = struct.unpack('=3I', bytes.fromhex(text.split()[1])[:12])
                return '%d %d' % ((words[0] << 32) | words[1], words[2])
            """;

    private static final String PYTHON = findPython();

    private final Integer uid;
    private final int gid;
    private final int[] groups;

    private Actor(Integer uid, int gid, int[] groups) {
        this.uid = uid;
        this.gid = gid;
        this.groups = groups;
    }

    /** The test's own credentials (root), no setpriv. */
    public static Actor root() {
        return new Actor(null, 0, new int[0]);
    }

    /**
     * A user: real and effective uid {@code uid}, gid {@code gid}, and exactly the given
     * supplementary groups (none: cleared). Bare numbers, no /etc/passwd entries needed.
     */
    public static Actor as(int uid, int gid, int... supplementary) {
        return new Actor(uid, gid, supplementary.clone());
    }

    /** Runs the snippet to completion (hard timeout {@link #TIMEOUT}). */
    public Result run(String script, Object... args) {
        return start(script, args).await(TIMEOUT);
    }

    /** Starts the snippet; {@link Running#await} collects it. */
    public Running start(String script, Object... args) {
        List<String> cmd = new ArrayList<>();
        if (uid != null) {
            cmd.add("setpriv");
            cmd.add("--reuid=" + uid);
            cmd.add("--regid=" + gid);
            if (groups.length == 0) {
                cmd.add("--clear-groups");
            } else {
                cmd.add("--groups=" + Arrays.stream(groups).mapToObj(Integer::toString)
                        .collect(Collectors.joining(",")));
            }
            cmd.add("--inh-caps=-all");
            cmd.add("--");
        }
        cmd.add(PYTHON);
        cmd.add("-I");
        cmd.add("-c");
        cmd.add(PRELUDE + "\n" + script.stripIndent());
        for (Object a : args) {
            cmd.add(String.valueOf(a));
        }
        try {
            Path outFile = Files.createTempFile("handlefs-actor-", ".out");
            Path errFile = Files.createTempFile("handlefs-actor-", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(Path.of("/").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(outFile.toFile())
                    .redirectError(errFile.toFile());
            Map<String, String> env = pb.environment();
            env.clear();
            env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
            env.put("LANG", "C.UTF-8");
            env.put("PYTHONDONTWRITEBYTECODE", "1");
            return new Running(this, pb.start(), outFile, errFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return uid == null ? "root" : uid + ":" + gid + Arrays.toString(groups);
    }

    private static String findPython() {
        String p = System.getProperty("handlefs.python");
        if (p != null) {
            return p;
        }
        // Not a PATH lookup: a python3 under /root (pyenv) is unreachable for other uids.
        for (String c : new String[] {"/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"}) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return "python3";
    }

    /** A started snippet. */
    public static final class Running {
        private final Actor actor;
        private final Process process;
        private final Path outFile;
        private final Path errFile;

        private Running(Actor actor, Process process, Path outFile, Path errFile) {
            this.actor = actor;
            this.process = process;
            this.outFile = outFile;
            this.errFile = errFile;
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Waits at most {@code timeout}; on expiry kills the process and its descendants. */
        public Result await(Duration timeout) {
            boolean timedOut = false;
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut = true;
                    kill();
                }
            } catch (InterruptedException e) {
                kill();
                Thread.currentThread().interrupt();
                timedOut = true;
            }
            try {
                String out = Files.readString(outFile, StandardCharsets.UTF_8);
                String err = Files.readString(errFile, StandardCharsets.UTF_8);
                int exit = timedOut ? -1 : process.exitValue();
                return new Result(actor.toString(), exit, out, err, timedOut);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                try {
                    Files.deleteIfExists(outFile);
                    Files.deleteIfExists(errFile);
                } catch (IOException ignored) {
                    // temp files only
                }
            }
        }

        private void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Exit status and output of one snippet. */
    public record Result(String actor, int exit, String stdout, String stderr, boolean timedOut) {

        /** Trimmed stdout, after asserting that the snippet exited 0. */
        public String ok() {
            if (timedOut || exit != 0) {
                throw new AssertionError(describe());
            }
            return stdout.strip();
        }

        /** Stdout lines, after asserting that the snippet exited 0. */
        public List<String> lines() {
            String s = ok();
            return s.isEmpty() ? List.of() : List.of(s.split("\n"));
        }

        public String describe() {
            return "actor " + actor + (timedOut ? " timed out" : " exited " + exit)
                    + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
