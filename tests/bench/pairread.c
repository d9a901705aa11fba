/*
 * pairread: warm 4k random reads of one file, or of two files in turns.
 *
 * Usage: pairread SECONDS FILE [FILE2]
 *
 * Each file is opened once and read through once from start to end (which
 * fills the page cache that its reads may use: for a FUSE file opened
 * without FOPEN_KEEP_CACHE this must come after the open), then for SECONDS
 * the files take turns in slices of 0.1 s, each slice doing 4 KiB preads at
 * random 4 KiB-aligned offsets of its file.
 *
 * Why turns: on a shared VM the CPU this loop gets varies by a quarter
 * from one minute to the next (a whole fio run can fall into a slow
 * minute), which buries a ratio of 0.9. Given a FUSE file and its lower
 * file, slices 0.1 s apart see the same machine, so their ratio holds.
 *
 * Output, one machine-readable line per file, in argument order:
 *   PAIRREAD file=<1|2> iops=<reads per second spent on that file>
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
#include <time.h>
#include <unistd.h>

#define BLOCK 4096
#define SLICE_S 0.1

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char buf[1 << 20];

struct target {
    const char *path;
    int fd;
    uint64_t blocks;   /* whole 4 KiB blocks in the file */
    uint64_t reads;
    double seconds;
};

static int fail(const char *path, const char *what)
{
    fprintf(stderr, "pairread: %s: %s\n", path, what);
    return 1;
}

/* Open, size and read the file through once. */
static int prepare(struct target *t)
{
    struct stat st;
    t->fd = open(t->path, O_RDONLY);
    if (t->fd < 0 || fstat(t->fd, &st) < 0)
        return fail(t->path, strerror(errno));
    t->blocks = (uint64_t)st.st_size / BLOCK;
    if (t->blocks == 0)
        return fail(t->path, "smaller than one 4 KiB block");
    ssize_t r;
    off_t off = 0;
    while ((r = pread(t->fd, buf, sizeof buf, off)) > 0)
        off += r;
    return r < 0 ? fail(t->path, strerror(errno)) : 0;
}

static uint64_t next_random(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* One slice of random reads; the clock is read every 64 reads. */
static int slice(struct target *t, uint64_t *x)
{
    double start = now(), at = start;
    while (at - start < SLICE_S) {
        for (int i = 0; i < 64; i++) {
            off_t off = (off_t)(next_random(x) % t->blocks) * BLOCK;
            ssize_t r = pread(t->fd, buf, BLOCK, off);
            if (r != BLOCK)
                return fail(t->path, r < 0 ? strerror(errno) : "short read");
        }
        t->reads += 64;
        at = now();
    }
    t->seconds += at - start;
    return 0;
}

int main(int argc, char **argv)
{
    double seconds = argc >= 3 ? atof(argv[1]) : 0;
    if (argc < 3 || argc > 4 || seconds <= 0) {
        fprintf(stderr, "usage: pairread SECONDS FILE [FILE2]\n");
        return 2;
    }
    struct target t[2] = {{.path = argv[2]}, {.path = argc == 4 ? argv[3] : NULL}};
    int n = argc - 2;
    for (int i = 0; i < n; i++)
        if (prepare(&t[i]))
            return 1;
    uint64_t x = (uint64_t)time(NULL) * 2654435761u | 1;
    double end = now() + seconds;
    /* whole rounds only: every file gets as many slices as the others */
    for (int i = 0; i != 0 || now() < end; i = (i + 1) % n)
        if (slice(&t[i], &x))
            return 1;
    for (int i = 0; i < n; i++)
        printf("PAIRREAD file=%d iops=%.1f\n", i + 1, t[i].reads / t[i].seconds);
    return 0;
}
