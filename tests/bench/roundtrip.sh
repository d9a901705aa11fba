#!/usr/bin/env bash
# The cost of one request that reaches the daemon, as root: `fstat` of one file, N times, on
#   native   the tmpfs itself
#   handlefs mounted with attr_timeout=0 (each fstat is a GETATTR)
#   bindfs   mounted with -o attr_timeout=0
# ROUNDS (3) rounds, each target on a fresh tmpfs; one line per round and target, µs per fstat.
# N (200000), JAR (fuse-daemon/target/handlefs.jar).
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH/../.." && pwd)
ROUNDS=${ROUNDS:-3}
N=${N:-200000}
JAR=${JAR:-$REPO/fuse-daemon/target/handlefs.jar}
[ "$(id -u)" -eq 0 ] || { echo "roundtrip.sh: run as root" >&2; exit 1; }
[ -f "$JAR" ] || { echo "roundtrip.sh: no $JAR (build it: ./handlefs --version)" >&2; exit 1; }
command -v bindfs >/dev/null || { echo "roundtrip.sh: needs bindfs (apt-get install bindfs)" >&2; exit 1; }

source "$BENCH/scratch.sh" rt
gcc -O2 -Wall -o "$W/roundtrip" "$BENCH/roundtrip.c"

run_target() {  # ROUND NAME
    mount -t tmpfs -o size=64m rt-bench "$W/fs"
    mkdir "$W/fs/lower" "$W/fs/state"
    echo data > "$W/fs/lower/file"
    local dir=$W/mnt
    case $2 in
        native) dir=$W/fs/lower ;;
        handlefs) setsid java -XX:+UseSerialGC -Xmx1g -jar "$JAR" mount --foreground --state-dir "$W/fs/state" \
                      -o attr_timeout=0,entry_timeout=86400 "$W/fs/lower" "$W/mnt" </dev/null >"$W/daemon.log" 2>&1 &
                  PID=$! ;;
        bindfs) bindfs -f -o attr_timeout=0 "$W/fs/lower" "$W/mnt" </dev/null >"$W/daemon.log" 2>&1 &
                PID=$! ;;
    esac
    if [ "$2" != native ]; then
        await_mount "$2"
    fi
    echo "$1 $2 $("$W/roundtrip" "$dir/file" "$N") us/fstat"
    if [ "$2" != native ]; then
        unmount_daemon
    fi
    umount "$W/fs"
}

echo "# $(date -u '+%F %H:%M UTC'), commit $(git -C "$REPO" rev-parse --short HEAD), N=$N, $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
    for t in native handlefs bindfs; do
        run_target "$round" "$t"
    done
done
