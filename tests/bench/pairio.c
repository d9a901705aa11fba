/*
 * pairio: data I/O of one file, or of two files in turns.
 *
 * Usage: pairio read SECONDS FILE [FILE2]
 *        pairio randwrite SECONDS FILE [FILE2]
 *        pairio seqread SECONDS FILE [FILE2]
 *        pairio write MIB FILE [FILE2]
 *
 * read: each file is opened once and read through once from start to end
 * (which fills the page cache that its reads may use: for a FUSE file opened
 * without FOPEN_KEEP_CACHE this must come after the open), then for SECONDS
 * the files take turns in slices of 0.1 s, each slice doing 4 KiB preads at
 * random 4 KiB-aligned offsets of its file. Figure: reads per second.
 *
 * randwrite: the same turns of 4 KiB pwrites into existing files (not read
 * first), then each file's fdatasync, timed with its turns: each file pays
 * for the writeback of its own dirty pages. Figure: writes per second.
 *
 * seqread: the same turns of 1 MiB preads through each existing file from
 * start to end, and again from the start, for SECONDS. The page cache of a
 * file on FUSE is dropped (fadvise DONTNEED, untimed) before each pass, so
 * every byte comes through its daemon or its backing file; a file on any
 * other filesystem keeps its cache. After each slice an untimed pause of
 * 20 ms lets a daemon finish its readahead before the other file's turn
 * instead of during it. Figure: MiB per second.
 *
 * write: each file is created (or truncated) and MIB MiB are written to it
 * in 1 MiB blocks, in turns of 64 MiB, each turn ending with an fdatasync
 * that is timed with it; on a disk every turn thus writes back its own data
 * and leaves none for the other's turn. Figure: MiB per second.
 *
 * Why turns: on a shared VM the CPU this loop gets varies by a quarter
 * from one minute to the next (a whole fio run can fall into a slow
 * minute), and the disk's speed threefold, which buries a ratio of 0.9.
 * Given a FUSE file and a file in its lower tree, turns a fraction of a
 * second apart see the same machine, so their ratio holds.
 *
 * Output, one machine-readable line per file, in argument order:
 *   PAIRIO file=<1|2> rate=<reads/s, writes/s or MiB/s of the time spent on that file>
 * Exit status is non-zero on the first failing call (message on stderr).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 4096
#define SLICE_S 0.1
#define MIB (1 << 20)
#define TURN_MIB 64
#define SETTLE_NS 20000000
#define FUSE_SUPER_MAGIC 0x65735546

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char buf[MIB];

/* What each mode does: I/O for SECONDS in slices (random 4 KiB, or sequential 1 MiB reads), or
 * MIB MiB written in turns. */
enum kind { RANDOM, SEQUENTIAL_READ, SEQUENTIAL_WRITE };
static const struct mode {
    const char *name;
    enum kind kind;
    int writing;
} modes[] = {
    {"read", RANDOM, 0}, {"randwrite", RANDOM, 1}, {"seqread", SEQUENTIAL_READ, 0}, {"write", SEQUENTIAL_WRITE, 1},
};

struct target {
    const char *path;
    int fd;
    int on_fuse;
    uint64_t blocks;   /* 4 KiB blocks (random I/O) or MiB (sequential) in the file, or to write */
    uint64_t at;       /* sequential reads: the next MiB */
    uint64_t done;     /* reads, writes, or MiB written or read */
    double seconds;
};

static int fail(const char *path, const char *what)
{
    fprintf(stderr, "pairio: %s: %s\n", path, what);
    return 1;
}

static uint64_t next_random(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

static int drop_cache(struct target *t)
{
    int err = posix_fadvise(t->fd, 0, 0, POSIX_FADV_DONTNEED);
    return err ? fail(t->path, strerror(err)) : 0;
}

/* Open (a new file for a sequential write) and size a file for its mode; warm or cool its cache. */
static int prepare(struct target *t, const struct mode *m, double amount)
{
    if (m->kind == SEQUENTIAL_WRITE) {
        t->blocks = (uint64_t)amount;
        t->fd = open(t->path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        return t->fd < 0 ? fail(t->path, strerror(errno)) : 0;
    }
    struct stat st;
    struct statfs fs;
    t->fd = open(t->path, m->writing ? O_WRONLY : O_RDONLY);
    if (t->fd < 0 || fstat(t->fd, &st) < 0 || fstatfs(t->fd, &fs) < 0)
        return fail(t->path, strerror(errno));
    t->on_fuse = fs.f_type == FUSE_SUPER_MAGIC;
    int unit = m->kind == RANDOM ? BLOCK : MIB;
    t->blocks = (uint64_t)st.st_size / unit;
    if (t->blocks == 0)
        return fail(t->path, unit == BLOCK ? "smaller than 4 KiB" : "smaller than 1 MiB");
    if (m->kind == SEQUENTIAL_READ)
        return t->on_fuse ? drop_cache(t) : 0;
    if (m->writing)
        return 0;
    ssize_t r;
    off_t off = 0;
    while ((r = pread(t->fd, buf, sizeof buf, off)) > 0)
        off += r;
    return r < 0 ? fail(t->path, strerror(errno)) : 0;
}

/* One slice of random 4 KiB reads or writes; the clock is read every 64 calls. */
static int random_slice(struct target *t, uint64_t *x, int writing)
{
    double start = now(), at = start;
    while (at - start < SLICE_S) {
        for (int i = 0; i < 64; i++) {
            off_t off = (off_t)(next_random(x) % t->blocks) * BLOCK;
            ssize_t r = writing ? pwrite(t->fd, buf, BLOCK, off) : pread(t->fd, buf, BLOCK, off);
            if (r != BLOCK)
                return fail(t->path, r < 0 ? strerror(errno) : "short read or write");
        }
        t->done += 64;
        at = now();
    }
    t->seconds += at - start;
    return 0;
}

/* One slice of sequential 1 MiB reads from where the last stopped; only the reads are timed. */
static int sequential_read_slice(struct target *t)
{
    double spent = 0;
    while (spent < SLICE_S) {
        double start = now();
        ssize_t r = pread(t->fd, buf, MIB, (off_t)t->at * MIB);
        if (r != MIB)
            return fail(t->path, r < 0 ? strerror(errno) : "short read");
        spent += now() - start;
        t->done++;
        if (++t->at == t->blocks) {
            t->at = 0;
            if (t->on_fuse && drop_cache(t))
                return 1;
        }
    }
    t->seconds += spent;
    nanosleep(&(struct timespec){.tv_nsec = SETTLE_NS}, NULL);
    return 0;
}

/* One turn of writing: up to TURN_MIB more MiB, then fdatasync. */
static int write_turn(struct target *t)
{
    double start = now();
    for (int i = 0; i < TURN_MIB && t->done < t->blocks; i++, t->done++) {
        /* a short write is followed by one that says why (ENOSPC, EIO) */
        for (ssize_t at = 0, r; at < MIB; at += r) {
            r = pwrite(t->fd, buf + at, MIB - at, (off_t)t->done * MIB + at);
            if (r <= 0)
                return fail(t->path, r < 0 ? strerror(errno) : "nothing written");
        }
    }
    if (fdatasync(t->fd) < 0)
        return fail(t->path, strerror(errno));
    t->seconds += now() - start;
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: pairio read SECONDS FILE [FILE2]\n"
                    "       pairio randwrite SECONDS FILE [FILE2]\n"
                    "       pairio seqread SECONDS FILE [FILE2]\n"
                    "       pairio write MIB FILE [FILE2]\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5)
        return usage();
    const struct mode *m = NULL;
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        if (strcmp(argv[1], modes[i].name) == 0)
            m = &modes[i];
    double amount = atof(argv[2]);
    if (m == NULL || amount <= 0)
        return usage();
    struct target t[2] = {{.path = argv[3]}, {.path = argc == 5 ? argv[4] : NULL}};
    int n = argc - 3;
    uint64_t x = (uint64_t)time(NULL) * 2654435761u | 1;
    for (size_t i = 0; i < sizeof buf / 8; i++)
        ((uint64_t *)buf)[i] = next_random(&x);   /* data no layer can shortcut */
    for (int i = 0; i < n; i++)
        if (prepare(&t[i], m, amount))
            return 1;
    if (m->kind == SEQUENTIAL_WRITE) {
        while (t[n - 1].done < t[n - 1].blocks)
            for (int i = 0; i < n; i++)
                if (write_turn(&t[i]))
                    return 1;
    } else {
        /* whole rounds only: every file gets as many slices as the others */
        double end = now() + amount;
        for (int i = 0; i != 0 || now() < end; i = (i + 1) % n)
            if (m->kind == RANDOM ? random_slice(&t[i], &x, m->writing) : sequential_read_slice(&t[i]))
                return 1;
        for (int i = 0; m->writing && i < n; i++) {
            double start = now();
            if (fdatasync(t[i].fd) < 0)
                return fail(t[i].path, strerror(errno));
            t[i].seconds += now() - start;
        }
    }
    for (int i = 0; i < n; i++) {
        double rate = t[i].done / t[i].seconds;
        if (close(t[i].fd) < 0)
            return fail(t[i].path, strerror(errno));
        printf("PAIRIO file=%d rate=%.1f\n", i + 1, rate);
    }
    return 0;
}
