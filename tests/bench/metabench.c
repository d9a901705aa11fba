/*
 * metabench: per-operation metadata cost in one directory.
 *
 * Usage: metabench DIR N [PID [PARTNER]]
 *
 * In DIR (which must exist), phase by phase:
 *   create  open("f<i>", O_CREAT|O_EXCL|O_WRONLY, 0644) + close, i in 0..N-1
 *   stat    stat("f<i mod N>") for STAT_S seconds, and at least once for each file
 *   unlink  unlink("f<i>"), i in 0..N-1
 * Each call is timed in with its phase (CLOCK_MONOTONIC). Names are relative to
 * the directory (openat), so every call is one path component: one LOOKUP at most.
 *
 * With PID (the FUSE daemon), the daemon's CPU time (utime + stime of the
 * whole process, from /proc/PID/stat) is read before and after each phase,
 * so the cost of each kind of operation is seen separately; reading it here
 * rather than from the script keeps mkdir/fork noise out of the figures.
 *
 * With PARTNER (a directory in the daemon's lower tree), every phase runs in
 * turns of 0.1 s: a turn of DIR's calls, then one of the same calls on files
 * "p<i>" in PARTNER, and so on until DIR's phase is done. The partner creates
 * as many files as its turns allow, stats its own cyclically and unlinks
 * until its turns end or its files run out; what it leaves is removed
 * untimed. Why turns: on this shared VM the same native stat loop ran at
 * 330,000 and at 475,000 calls a second a few minutes apart, which buries a
 * ratio of 0.9; turns 0.1 s apart see the same machine.
 *
 * Output, machine-readable lines on stdout:
 *   METABENCH n=N create=<ops/s> stat=<ops/s> unlink=<ops/s>
 *            create_s=<sec> stat_s=<sec> unlink_s=<sec>
 *   METABENCH_CPU cpu_create_s=<sec> cpu_stat_s=<sec> cpu_unlink_s=<sec>
 *            (only with PID)
 *   METABENCH_PARTNER create=<ops/s> stat=<ops/s> unlink=<ops/s>
 *            (only with PARTNER)
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

#define SLICE_S 0.1
#define STAT_S 2.0

enum phase { CREATE, STAT, UNLINK };

/* One directory's side of the benchmark. */
struct side {
    int dir;           /* O_PATH fd of the directory */
    char prefix;       /* file names: <prefix><i> */
    long files;        /* files that exist: f0..f<files-1> */
    long done;         /* calls of the current phase */
    double seconds;    /* time spent in them */
};

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

static void die(const char *what, char prefix, long i)
{
    fprintf(stderr, "metabench: %s (%c%ld): %s\n", what, prefix, i, strerror(errno));
    exit(1);
}

/* One call of the phase on s's next file; 0 once there is none (unlink of a partner that ran out). */
static int call(struct side *s, enum phase p)
{
    char name[32];
    struct stat st;
    long i = p == STAT ? s->done % s->files : s->done;
    if (p == UNLINK && i == s->files)
        return 0;
    snprintf(name, sizeof name, "%c%ld", s->prefix, i);
    if (p == CREATE) {
        int fd = openat(s->dir, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
        if (fd < 0)
            die("open O_CREAT|O_EXCL", s->prefix, i);
        if (close(fd) != 0)
            die("close", s->prefix, i);
        s->files++;
    } else if (p == STAT) {
        if (fstatat(s->dir, name, &st, 0) != 0)
            die("stat", s->prefix, i);
    } else if (unlinkat(s->dir, name, 0) != 0) {
        die("unlink", s->prefix, i);
    }
    s->done++;
    return 1;
}

/* Calls of phase p on s until its limit (done == limit) or, with slice > 0, until slice seconds passed. */
static void turn(struct side *s, enum phase p, long limit, double slice)
{
    double start = now(), at = start;
    while (s->done < limit && (slice <= 0 || at - start < slice)) {
        if (!call(s, p))
            break;
        at = now();
    }
    s->seconds += at - start;
}

/* Whether the target side's phase is done: N calls, for stat also STAT_S seconds. */
static int finished(const struct side *t, enum phase p, long n)
{
    return t->done >= n && (p != STAT || t->seconds >= STAT_S);
}

/* One phase on the target, in turns with the partner if there is one. */
static void run_phase(struct side *t, struct side *partner, enum phase p, long n)
{
    t->done = t->seconds = 0;
    if (partner)
        partner->done = partner->seconds = 0;
    while (!finished(t, p, n)) {
        turn(t, p, p == STAT ? __LONG_MAX__ : n, partner || p == STAT ? SLICE_S : 0);
        if (partner)
            turn(partner, p, __LONG_MAX__, SLICE_S);
    }
}

static int open_dir(const char *path)
{
    int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "metabench: %s: %s\n", path, strerror(errno));
        exit(1);
    }
    return fd;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 5) {
        fprintf(stderr, "usage: %s DIR N [PID [PARTNER]]\n", argv[0]);
        return 2;
    }
    char *end;
    long n = strtol(argv[2], &end, 10);
    if (*end != '\0' || n <= 0) {
        fprintf(stderr, "metabench: bad N: %s\n", argv[2]);
        return 2;
    }
    long pid = 0;
    if (argc >= 4) {
        pid = strtol(argv[3], &end, 10);
        if (*end != '\0' || pid <= 0 || proc_cpu(pid) < 0) {
            fprintf(stderr, "metabench: bad or unreadable PID: %s\n", argv[3]);
            return 2;
        }
    }
    struct side target = {.dir = open_dir(argv[1]), .prefix = 'f'};
    struct side partner_side = {.prefix = 'p'};
    struct side *partner = NULL;
    if (argc == 5) {
        partner_side.dir = open_dir(argv[4]);
        partner = &partner_side;
    }

    double rate[3], secs[3], partner_rate[3], cpu[3] = {0, 0, 0};
    double c0 = pid ? proc_cpu(pid) : 0;
    for (enum phase p = CREATE; p <= UNLINK; p++) {
        run_phase(&target, partner, p, n);
        rate[p] = target.done / target.seconds;
        secs[p] = target.seconds;
        if (partner)
            partner_rate[p] = partner->done / partner->seconds;
        /* the daemon may still be finishing replies' bookkeeping; what it
         * spends after the last reply counts towards the next phase. */
        if (pid) {
            double c1 = proc_cpu(pid);
            cpu[p] = c1 - c0;
            c0 = c1;
        }
    }
    if (partner)
        while (call(partner, UNLINK))
            ;

    printf("METABENCH n=%ld create=%.0f stat=%.0f unlink=%.0f "
           "create_s=%.6f stat_s=%.6f unlink_s=%.6f\n",
           n, rate[CREATE], rate[STAT], rate[UNLINK], secs[CREATE], secs[STAT], secs[UNLINK]);
    if (pid)
        printf("METABENCH_CPU cpu_create_s=%.2f cpu_stat_s=%.2f cpu_unlink_s=%.2f\n",
               cpu[CREATE], cpu[STAT], cpu[UNLINK]);
    if (partner)
        printf("METABENCH_PARTNER create=%.0f stat=%.0f unlink=%.0f\n",
               partner_rate[CREATE], partner_rate[STAT], partner_rate[UNLINK]);
    return 0;
}
