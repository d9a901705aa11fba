/*
 * metabench: per-operation metadata cost in one directory.
 *
 * Usage: metabench DIR N
 *
 * In DIR (which must exist), for i in 0..N-1, phase by phase:
 *   create  open("f<i>", O_CREAT|O_EXCL|O_WRONLY, 0644) + close
 *   stat    stat("f<i>")
 *   unlink  unlink("f<i>")
 * Each phase is timed with CLOCK_MONOTONIC. Names are relative to DIR
 * (chdir), so every call is one path component: one LOOKUP at most.
 *
 * Output, one machine-readable line on stdout:
 *   METABENCH n=N create=<ops/s> stat=<ops/s> unlink=<ops/s>
 *            create_s=<sec> stat_s=<sec> unlink_s=<sec>
 * Exit status is non-zero on the first failing call (message on stderr).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, long i)
{
    fprintf(stderr, "metabench: %s (file %ld): %s\n", what, i, strerror(errno));
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s DIR N\n", argv[0]);
        return 2;
    }
    char *end;
    long n = strtol(argv[2], &end, 10);
    if (*end != '\0' || n <= 0) {
        fprintf(stderr, "metabench: bad N: %s\n", argv[2]);
        return 2;
    }
    if (chdir(argv[1]) != 0) {
        fprintf(stderr, "metabench: chdir %s: %s\n", argv[1], strerror(errno));
        return 1;
    }

    char name[32];
    struct stat st;
    double t0, t[3];

    t0 = now();
    for (long i = 0; i < n; i++) {
        snprintf(name, sizeof name, "f%ld", i);
        int fd = open(name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
        if (fd < 0)
            die("open O_CREAT|O_EXCL", i);
        if (close(fd) != 0)
            die("close", i);
    }
    t[0] = now() - t0;

    t0 = now();
    for (long i = 0; i < n; i++) {
        snprintf(name, sizeof name, "f%ld", i);
        if (stat(name, &st) != 0)
            die("stat", i);
    }
    t[1] = now() - t0;

    t0 = now();
    for (long i = 0; i < n; i++) {
        snprintf(name, sizeof name, "f%ld", i);
        if (unlink(name) != 0)
            die("unlink", i);
    }
    t[2] = now() - t0;

    printf("METABENCH n=%ld create=%.0f stat=%.0f unlink=%.0f "
           "create_s=%.6f stat_s=%.6f unlink_s=%.6f\n",
           n, n / t[0], n / t[1], n / t[2], t[0], t[1], t[2]);
    return 0;
}
