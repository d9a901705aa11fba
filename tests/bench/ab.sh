#!/usr/bin/env bash
# A/B of handlefs variants on metabench, as root:
#   tests/bench/ab.sh 'main:' 'one-worker:-o workers=1' 'other-build:jar=/tmp/other.jar'
# Each argument is NAME:ARGS, where ARGS are extra `handlefs mount` arguments; a word jar=PATH
# runs that build instead of JAR (an A/B of two commits), and the word bindfs mounts bindfs
# instead (`bindfs -f LOWER MNT`, as run.sh does). For ROUNDS rounds, every variant in turn
# mounts the built jar over a fresh tmpfs (with HANDLEFS_OPTS, the same as run.sh's), runs one
# untimed and TIMED timed `metabench DIR FILES PID` passes, and unmounts. Prints one line per
# timed pass: round, variant, then metabench's figures.
# ROUNDS (3), FILES (20000), TIMED (2), JAR (fuse-daemon/target/handlefs.jar), PERF (empty: no
# profile; else a file: `perf record -g` of the first variant's daemon during its last timed pass
# of the last round, with a perf map of its JIT-compiled code).
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH/../.." && pwd)
ROUNDS=${ROUNDS:-3}
FILES=${FILES:-20000}
TIMED=${TIMED:-2}
JAR=${JAR:-$REPO/fuse-daemon/target/handlefs.jar}
HANDLEFS_OPTS=${HANDLEFS_OPTS:-attr_timeout=86400,entry_timeout=86400}
PERF=${PERF:-}
[ "$(id -u)" -eq 0 ] || { echo "ab.sh: run as root" >&2; exit 1; }
[ $# -gt 0 ] || { sed -n '2,4p' "$0" >&2; exit 2; }
[ -f "$JAR" ] || { echo "ab.sh: no $JAR (build it: ./handlefs --version)" >&2; exit 1; }

source "$BENCH/scratch.sh" ab
gcc -O2 -Wall -o "$W/metabench" "$BENCH/metabench.c"

run_variant() {  # ROUND NAME ARGS
    local round=$1 name=$2 jar=$JAR extra=() w bindfs=
    for w in $3; do
        case $w in
            jar=*) jar=${w#jar=} ;;
            bindfs) bindfs=1 ;;
            *) extra+=("$w") ;;
        esac
    done
    mount -t tmpfs -o size=2g,nr_inodes=0 ab-bench "$W/fs"
    mkdir "$W/fs/lower" "$W/fs/state"
    if [ -n "$bindfs" ]; then
        setsid bindfs -f "$W/fs/lower" "$W/mnt" </dev/null >"$W/daemon.log" 2>&1 &
    else
        setsid java -XX:+UseSerialGC -Xmx1g -jar "$jar" mount --foreground --state-dir "$W/fs/state" \
            -o "$HANDLEFS_OPTS" "${extra[@]}" "$W/fs/lower" "$W/mnt" </dev/null >"$W/daemon.log" 2>&1 &
    fi
    PID=$!
    await_mount "$name"
    mkdir "$W/mnt/warm"
    "$W/metabench" "$W/mnt/warm" "$FILES" "$PID" >/dev/null
    local t
    for t in $(seq "$TIMED"); do
        mkdir "$W/mnt/t$t"
        if [ -n "$PERF" ] && [ "$round" = "$ROUNDS" ] && [ "$t" = "$TIMED" ] && [ "$name" = "$FIRST" ]; then
            perf record -F 4000 -g -p "$PID" -o "$PERF" >/dev/null 2>&1 &
            local perf_pid=$!
            "$W/metabench" "$W/mnt/t$t" "$FILES" "$PID" | head -n 1 | sed "s/^/$round $name /"
            jcmd "$PID" Compiler.perfmap >/dev/null 2>&1 || true
            kill -INT "$perf_pid"; wait "$perf_pid" || true
        else
            "$W/metabench" "$W/mnt/t$t" "$FILES" "$PID" | head -n 1 | sed "s/^/$round $name /"
        fi
    done
    unmount_daemon
    umount "$W/fs"
}

FIRST=${1%%:*}
echo "# $(date -u '+%F %H:%M UTC'), commit $(git -C "$REPO" rev-parse --short HEAD), FILES=$FILES, -o $HANDLEFS_OPTS, $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
    for v in "$@"; do
        run_variant "$round" "${v%%:*}" "${v#*:}"
    done
done
