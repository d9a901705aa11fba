#!/usr/bin/env bash
# Allocation on handlefs's own I/O path (-o no_passthrough), as root:  tests/bench/alloc.sh
#
# Mounts handlefs over a fresh tmpfs, warms the daemon up with fio, then records JFR (settings
# "profile") around SECS seconds of fio 4k O_DIRECT random reads and writes, so that every I/O is
# one FUSE READ or WRITE served by the daemon. Prints the bytes the fuse-worker threads allocated
# (jdk.ThreadAllocationStatistics: exact per-thread counters) per request, and where the sampled
# allocations come from (jdk.ObjectAllocationSample, grouped by class and top frame).
# JAR (default: the built fuse-daemon/target/handlefs.jar), SECS (5), OUT (a temp dir: the .jfr).
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH/../.." && pwd)
JAR=${JAR:-$REPO/fuse-daemon/target/handlefs.jar}
SECS=${SECS:-5}
OUT=${OUT:-$(mktemp -d /tmp/handlefs-alloc.XXXXXX)}
[ "$(id -u)" -eq 0 ] || { echo "alloc.sh: run as root" >&2; exit 1; }
[ -f "$JAR" ] || { echo "alloc.sh: no $JAR (build it: ./handlefs --version)" >&2; exit 1; }

W=$(mktemp -d /tmp/handlefs-alloc-mnt.XXXXXX)
PID=
cleanup() {
    if grep -q " $W/mnt " /proc/mounts; then
        timeout -k 2 10 umount "$W/mnt" || timeout -k 2 10 umount -l "$W/mnt" || true
    fi
    if [ -n "$PID" ]; then
        for _ in $(seq 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$PID" 2>/dev/null || true
    fi
    if grep -q " $W/fs " /proc/mounts; then timeout -k 2 10 umount "$W/fs" || true; fi
    rm -rf --one-file-system "$W"
}
trap cleanup EXIT
mkdir -p "$W/fs" "$W/mnt"
mount -t tmpfs -o size=512m alloc-bench "$W/fs"
mkdir "$W/fs/lower" "$W/fs/state"
setsid java -XX:+UseSerialGC -Xmx1g -jar "$JAR" mount --foreground --state-dir "$W/fs/state" \
    -o no_passthrough "$W/fs/lower" "$W/mnt" </dev/null >"$OUT/daemon.log" 2>&1 &
PID=$!
for _ in $(seq 300); do grep -q " $W/mnt fuse" /proc/mounts && break; sleep 0.2; done
grep -q " $W/mnt fuse" /proc/mounts || { echo "alloc.sh: not mounted; see $OUT/daemon.log" >&2; exit 1; }

FIO=(fio --ioengine=psync --numjobs=1 --fallocate=none --filename="$W/mnt/f" --size=64m --bs=4k --direct=1)
timeout 120 "${FIO[@]}" --name=lay --rw=write >/dev/null
for _ in 1 2; do   # the JIT compiles the request path first
    timeout 120 "${FIO[@]}" --name=warm --rw=randrw --time_based --runtime=4 >/dev/null
done
timeout 60 jcmd "$PID" JFR.start name=alloc settings=profile filename="$OUT/alloc.jfr" >/dev/null
timeout $((SECS + 60)) "${FIO[@]}" --name=rw --rw=randrw --time_based --runtime="$SECS" \
    --output-format=json >"$OUT/fio.json"
timeout 60 jcmd "$PID" JFR.stop name=alloc >/dev/null
jfr print --events jdk.ThreadAllocationStatistics "$OUT/alloc.jfr" >"$OUT/threads.txt"
jfr print --events jdk.ObjectAllocationSample --stack-depth 2 "$OUT/alloc.jfr" >"$OUT/samples.txt"
python3 - "$OUT" <<'PY'
import collections, json, re, sys
out = sys.argv[1]
UNIT = {"bytes": 1, "kB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}
job = json.load(open(out + "/fio.json"))["jobs"][0]
reqs = job["read"]["total_ios"] + job["write"]["total_ios"]
seen = collections.defaultdict(list)
for e in open(out + "/threads.txt").read().split("jdk.ThreadAllocationStatistics")[1:]:
    t = re.search(r'thread = "([^"]+)"', e)
    a = re.search(r"allocated = ([\d.]+) (\w+)", e)
    if t and a and "fuse-worker" in t.group(1):
        seen[t.group(1)].append(float(a.group(1)) * UNIT[a.group(2)])
total = sum(max(v) - min(v) for v in seen.values())
print(f"FUSE READ/WRITE requests (fio 4k O_DIRECT randrw): {reqs}")
print(f"fuse-worker threads allocated {total / 1e6:.1f} MB: {total / max(reqs, 1):.0f} bytes per request")
by = collections.Counter()
for e in open(out + "/samples.txt").read().split("jdk.ObjectAllocationSample")[1:]:
    t = re.search(r'eventThread = "([^"]+)"', e)
    if not t or "fuse-worker" not in t.group(1):
        continue
    w = re.search(r"weight = ([\d.]+) (\w+)", e)
    cls = re.search(r"objectClass = ([\w.$\[\]]+)", e).group(1)
    frames = re.findall(r"^\s+([\w.$<>]+)\(", e, re.M)
    by[cls + " @ " + (frames[0] if frames else "?")] += float(w.group(1)) * UNIT[w.group(2)]
s = sum(by.values()) or 1
print("sampled allocations of the fuse-worker threads, by class @ top frame:")
for k, v in by.most_common(8):
    print(f"  {100 * v / s:5.1f}%  {k}")
PY
echo "recording: $OUT/alloc.jfr"
