#!/usr/bin/env bash
# Warm 4k random reads of two FUSE daemons head to head, as root:
#   tests/bench/duel.sh
# handlefs's own I/O path (-o no_passthrough) and libfuse's passthrough_ll (built from Debian's
# libfuse3-dev examples, as run.sh does) are mounted side by side over one lower directory, in
# which a file of SIZE is written natively in 1 MiB blocks. `pairio read` then reads the file
# through both mounts in turns of 0.1 s (each mount's page cache filled first), for PASS_SECONDS,
# once with handlefs first and once with passthrough_ll first, ROUNDS times. Prints one line a
# pass: the two rates and handlefs / passthrough_ll.
# Why: their reads reach no daemon (both serve them from the FUSE page cache), so run.sh's ratio
# of each against its own lower-tree partner differs by less than those partners do; read in
# turns with each other, the two meet the same machine at the same moment.
# DIR (/var/tmp: ext4, as run.sh's ext4 rows), SIZE (1g), PASS_SECONDS (8), ROUNDS (2),
# HANDLEFS_OPTS (as run.sh's).
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH/../.." && pwd)
# shellcheck source=lib.sh
. "$BENCH/lib.sh"
DIR=${DIR:-/var/tmp}
SIZE=${SIZE:-1g}
PASS_SECONDS=${PASS_SECONDS:-8}
ROUNDS=${ROUNDS:-2}
HANDLEFS_OPTS=${HANDLEFS_OPTS:-attr_timeout=86400,entry_timeout=86400}
[ "$(id -u)" -eq 0 ] || { echo "duel.sh: run as root" >&2; exit 1; }

W=$(mktemp -d "$DIR/handlefs-duel.XXXXXX")
PIDS=()
cleanup() {
    set +e
    local m p
    for m in "$W/h" "$W/l"; do
        if grep -q " $m " /proc/mounts; then timeout -k 2 10 umount "$m" || umount -l "$m"; fi
    done
    for p in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$p" 2>/dev/null
    done
    rm -rf --one-file-system "$W"
}
trap cleanup EXIT
mkdir -p "$W/lower" "$W/state" "$W/h" "$W/l"

gcc -O2 -Wall -o "$W/pairio" "$BENCH/pairio.c"
compile_passthrough_ll "$W/passthrough_ll"
"$REPO/handlefs" --version >/dev/null   # builds the jar if needed, before anything is timed
fio --name=layout --filename="$W/lower/f" --ioengine=psync --rw=write --bs=1M --size="$SIZE" \
    --fallocate=none >/dev/null
sync

setsid "$REPO/handlefs" mount --foreground --state-dir "$W/state" -o "no_passthrough,$HANDLEFS_OPTS" \
    "$W/lower" "$W/h" </dev/null >"$W/handlefs.log" 2>&1 &
PIDS+=($!)
setsid "$W/passthrough_ll" -f -o source="$W/lower" "$W/l" </dev/null >"$W/passthrough_ll.log" 2>&1 &
PIDS+=($!)
for m in h l; do
    for _ in $(seq 300); do grep -q " $W/$m fuse" /proc/mounts && continue 2; sleep 0.2; done
    echo "duel.sh: $m did not mount" >&2
    exit 1
done

echo "# $(date -u '+%F %H:%M UTC'), commit $(git -C "$REPO" rev-parse --short HEAD), $SIZE on $(findmnt -n -o FSTYPE --target "$DIR"), ${PASS_SECONDS}s a pass, -o no_passthrough,$HANDLEFS_OPTS"
echo "# first handlefs passthrough_ll handlefs/passthrough_ll"
for _ in $(seq "$ROUNDS"); do
    for first in h l; do
        second=$([ $first = h ] && echo l || echo h)
        "$W/pairio" read "$PASS_SECONDS" "$W/$first/f" "$W/$second/f" |
            awk -F'rate=' -v first=$first '{ r[NR] = $2 } END {
                h = first == "h" ? r[1] : r[2]; l = first == "h" ? r[2] : r[1]
                printf "%s %.0f %.0f %.3f\n", first == "h" ? "handlefs" : "passthrough_ll", h, l, h / l }'
    done
done
