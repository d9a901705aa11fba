/*
 * metabench: per-operation metadata cost in one directory.
 *
 * Usage: metabench DIR N [PID]
 *
 * In DIR (which must exist), for i in 0..N-1, phase by phase:
 *   create  open("f<i>", O_CREAT|O_EXCL|O_WRONLY, 0644) + close
 *   stat    stat("f<i>")
 *   unlink  unlink("f<i>")
 * Each phase is timed with CLOCK_MONOTONIC. Names are relative to DIR
 * (chdir), so every call is one path component: one LOOKUP at most.
 *
 * With PID (the FUSE daemon), the daemon's CPU time (utime + stime of the
 * whole process, from /proc/PID/stat) is read before and after each phase,
 * so the cost of each kind of operation is seen separately; reading it here
 * rather than from the script keeps mkdir/fork noise out of the figures.
 *
 * Output, machine-readable lines on stdout:
 *   METABENCH n=N create=<ops/s> stat=<ops/s> unlink=<ops/s>
 *            create_s=<sec> stat_s=<sec> unlink_s=<sec>
 *   METABENCH_CPU cpu_create_s=<sec> cpu_stat_s=<sec> cpu_unlink_s=<sec>
 *            (second line, only with PID)
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

/* utime + stime of process pid in seconds, or -1. Fields 14 and 15 of
 * /proc/PID/stat, counted after the ")" that ends the command name (which
 * may itself contain spaces and parentheses). */
static double proc_cpu(long pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[len] = '\0';
    char *p = strrchr(buf, ')');
    unsigned long long ut, st;
    /* after ") ": state(3) ppid pgrp session tty_nr tpgid flags minflt
     * cminflt majflt cmajflt utime(14) stime(15) */
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
                     &ut, &st) != 2)
        return -1;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static void die(const char *what, long i)
{
    fprintf(stderr, "metabench: %s (file %ld): %s\n", what, i, strerror(errno));
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: %s DIR N [PID]\n", argv[0]);
        return 2;
    }
    char *end;
    long n = strtol(argv[2], &end, 10);
    if (*end != '\0' || n <= 0) {
        fprintf(stderr, "metabench: bad N: %s\n", argv[2]);
        return 2;
    }
    long pid = 0;
    if (argc == 4) {
        pid = strtol(argv[3], &end, 10);
        if (*end != '\0' || pid <= 0 || proc_cpu(pid) < 0) {
            fprintf(stderr, "metabench: bad or unreadable PID: %s\n", argv[3]);
            return 2;
        }
    }
    if (chdir(argv[1]) != 0) {
        fprintf(stderr, "metabench: chdir %s: %s\n", argv[1], strerror(errno));
        return 1;
    }

    char name[32];
    struct stat st;
    double t0, t[3], c0, c[3] = {0, 0, 0};

    c0 = pid ? proc_cpu(pid) : 0;
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
    /* the daemon may still be finishing replies' bookkeeping; what it
     * spends after the last reply counts towards the next phase. */
    if (pid) { double c1 = proc_cpu(pid); c[0] = c1 - c0; c0 = c1; }

    t0 = now();
    for (long i = 0; i < n; i++) {
        snprintf(name, sizeof name, "f%ld", i);
        if (stat(name, &st) != 0)
            die("stat", i);
    }
    t[1] = now() - t0;
    if (pid) { double c1 = proc_cpu(pid); c[1] = c1 - c0; c0 = c1; }

    t0 = now();
    for (long i = 0; i < n; i++) {
        snprintf(name, sizeof name, "f%ld", i);
        if (unlink(name) != 0)
            die("unlink", i);
    }
    t[2] = now() - t0;
    if (pid) { double c1 = proc_cpu(pid); c[2] = c1 - c0; }

    printf("METABENCH n=%ld create=%.0f stat=%.0f unlink=%.0f "
           "create_s=%.6f stat_s=%.6f unlink_s=%.6f\n",
           n, n / t[0], n / t[1], n / t[2], t[0], t[1], t[2]);
    if (pid)
        printf("METABENCH_CPU cpu_create_s=%.2f cpu_stat_s=%.2f cpu_unlink_s=%.2f\n",
               c[0], c[1], c[2]);
    return 0;
}
