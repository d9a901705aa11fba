/*
 * roundtrip FILE N: times N fstat() calls on FILE and prints the mean in microseconds. On a FUSE
 * mount with attr_timeout=0 each call is one GETATTR round trip through the daemon, whose own
 * work is a single statx: the floor under every request that must reach the daemon.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: roundtrip FILE N\n");
        return 2;
    }
    long n = atol(argv[2]);
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0 || n <= 0) {
        perror(argv[1]);
        return 1;
    }
    struct stat st;
    for (int i = 0; i < 1000; i++) {
        fstat(fd, &st);  /* warm the daemon's code path first */
    }
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < n; i++) {
        if (fstat(fd, &st) != 0) {
            perror("fstat");
            return 1;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double s = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
    printf("%.2f\n", s / n * 1e6);
    return 0;
}
