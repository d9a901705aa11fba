#!/usr/bin/env bash
# Benchmark handlefs against the native file system and bindfs.
# See tests/bench/README.md. Run as root from the repository root:
#   tests/bench/run.sh [--files N] [--size SIZE] [--runs R]
#                      [--targets native,handlefs,bindfs] [--rand-runtime S]
set -uo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$BENCH_DIR/../.." && pwd)
CMDLINE="tests/bench/run.sh${*:+ $*}"

FILES=20000
SIZE=1G
RUNS=3
TARGETS=native,handlefs,bindfs
RAND_RUNTIME=10
TMPFS_SIZE=${TMPFS_SIZE:-4G}
MOUNT_TIMEOUT=${MOUNT_TIMEOUT:-30}
STEP_TIMEOUT=${STEP_TIMEOUT:-300}
HANDLEFS_CMD=${HANDLEFS_CMD:-./handlefs mount LOWER MNT --foreground}
BINDFS_OPTS=${BINDFS_OPTS:-}

usage() {
    sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
    cat <<EOF
Environment: HANDLEFS_CMD (default '$HANDLEFS_CMD'; LOWER and MNT are
replaced), BINDFS_OPTS (extra bindfs options), TMPFS_SIZE ($TMPFS_SIZE),
MOUNT_TIMEOUT ($MOUNT_TIMEOUT s), STEP_TIMEOUT ($STEP_TIMEOUT s).
EOF
}

while [ $# -gt 0 ]; do
    case "$1" in
        --files) FILES=${2:?}; shift 2 ;;
        --size) SIZE=${2:?}; shift 2 ;;
        --runs) RUNS=${2:?}; shift 2 ;;
        --targets) TARGETS=${2:?}; shift 2 ;;
        --rand-runtime) RAND_RUNTIME=${2:?}; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

# fd 3 = the script's own stderr: steps run with stderr redirected to their
# log files, and a trap firing during a step inherits that redirection.
exec 3>&2
log() { echo "[bench $(date +%T)] $*" >&3; }
die() { echo "run.sh: $*" >&2; exit 1; }

[[ $FILES =~ ^[0-9]+$ && $FILES -gt 0 ]] || die "--files must be a positive integer"
[[ $RUNS =~ ^[0-9]+$ && $RUNS -gt 0 ]] || die "--runs must be a positive integer"
[[ $RAND_RUNTIME =~ ^[0-9]+$ && $RAND_RUNTIME -gt 0 ]] || die "--rand-runtime must be a positive integer"
[[ $SIZE =~ ^[0-9]+[kKmMgG]?$ ]] || die "--size must look like 1G, 512M, ..."
IFS=, read -r -a TARGET_LIST <<<"$TARGETS"
for t in "${TARGET_LIST[@]}"; do
    case "$t" in native|handlefs|bindfs) ;; *) die "unknown target: $t" ;; esac
done
[ "$(id -u)" -eq 0 ] || die "must run as root (mounts tmpfs and FUSE file systems)"

cd "$REPO_ROOT" || die "cannot cd to $REPO_ROOT"

# --- dependencies -----------------------------------------------------------
missing=()
for c in fio bindfs fusermount3 gcc python3 timeout setsid; do
    command -v "$c" >/dev/null 2>&1 || missing+=("$c")
done
if [ ${#missing[@]} -gt 0 ]; then
    pkgs=(fio bindfs fuse3 gcc)
    command -v python3 >/dev/null 2>&1 || pkgs+=(python3)
    log "missing: ${missing[*]}; installing ${pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2 || die "apt-get update failed"
    apt-get install -y -q "${pkgs[@]}" >&2 || die "apt-get install failed"
    for c in fio bindfs fusermount3 gcc python3; do
        command -v "$c" >/dev/null 2>&1 || die "$c still missing after install"
    done
fi
[ -e /dev/fuse ] || modprobe fuse 2>/dev/null || true

# --- work area and cleanup ----------------------------------------------------
WORK=$(mktemp -d /tmp/handlefs-bench.XXXXXX) || die "mktemp failed"
declare -A DIR=()      # target -> directory the benchmarks run in
declare -A PGID=()     # target -> daemon process group
declare -A STATUS=()   # target -> ok | unavailable | failed
CLEANED=0
CHILD=             # benchmark step running now (killed by the trap)

# Run a benchmark step in the background and wait for it, so that INT/TERM
# reach the trap at once instead of after the step; bounded by STEP_TIMEOUT.
step() {
    timeout -k 10 "$STEP_TIMEOUT" "$@" &
    CHILD=$!
    wait "$CHILD"
    local rc=$?
    CHILD=
    return $rc
}

mount_fstype() {  # print fstype of the mount at $1, if any (last one wins)
    awk -v m="$1" '$5 == m { for (i = 7; i <= NF; i++) if ($i == "-") { t = $(i + 1); break } }
                   END { if (t != "") print t }' /proc/self/mountinfo
}
mount_minor() {   # print the device minor of the mount at $1 (FUSE connection id)
    awk -v m="$1" '$5 == m { split($3, d, ":"); x = d[2] } END { if (x != "") print x }' /proc/self/mountinfo
}

unmount_fuse() {  # $1 = mount point; bounded; never leaves the mount behind
    local mnt=$1 n=0 minor
    while [ -n "$(mount_fstype "$mnt")" ] && [ $n -lt 5 ]; do
        n=$((n + 1))
        if [ $n -eq 3 ]; then
            # daemon not answering: abort the FUSE connection, then detach.
            minor=$(mount_minor "$mnt")
            [ -n "$minor" ] && [ -e "/sys/fs/fuse/connections/$minor/abort" ] &&
                echo 1 >"/sys/fs/fuse/connections/$minor/abort" 2>/dev/null
        fi
        timeout -k 2 10 fusermount3 -u "$mnt" 2>/dev/null ||
            timeout -k 2 10 umount -l "$mnt" 2>/dev/null || sleep 0.5
    done
    [ -z "$(mount_fstype "$mnt")" ] || echo "run.sh: WARNING: could not unmount $mnt" >&3
}

kill_group() {    # $1 = process group id; TERM, bounded wait, KILL
    local pg=$1 i
    kill -TERM -- "-$pg" 2>/dev/null || return 0
    for i in $(seq 50); do
        kill -0 -- "-$pg" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL -- "-$pg" 2>/dev/null
    sleep 0.2
}

teardown_target() {
    local t=$1 base=$WORK/$1
    # no [ -d ] test here: a mount whose daemon died fails stat (ENOTCONN).
    [ "$t" = native ] || unmount_fuse "$base/mnt"
    if [ -n "${PGID[$t]:-}" ]; then kill_group "${PGID[$t]}"; unset "PGID[$t]"; fi
    if [ -n "$(mount_fstype "$base/lower")" ]; then
        timeout -k 2 10 umount "$base/lower" 2>/dev/null ||
            timeout -k 2 10 umount -l "$base/lower" 2>/dev/null
    fi
}

cleanup() {
    [ $CLEANED -eq 1 ] && return
    CLEANED=1
    trap '' INT TERM
    local t i
    if [ -n "$CHILD" ]; then
        kill -TERM "$CHILD" 2>/dev/null
        for i in $(seq 50); do kill -0 "$CHILD" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$CHILD" 2>/dev/null
    fi
    for t in "${TARGET_LIST[@]}"; do teardown_target "$t"; done
    # Remove the work area only if nothing is mounted below it any more.
    if awk -v w="$WORK/" 'index($5, w) == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
        echo "run.sh: WARNING: mounts left under $WORK, not removing it" >&3
    else
        rm -rf --one-file-system "$WORK"
    fi
}
trap cleanup EXIT
trap 'log "interrupted"; cleanup; exit 130' INT
trap 'log "terminated"; cleanup; exit 143' TERM

# --- build metabench ----------------------------------------------------------
gcc -O2 -Wall -o "$WORK/metabench" "$BENCH_DIR/metabench.c" || die "cannot build metabench.c"

# --- per-target setup ---------------------------------------------------------
mount_lower() {   # $1 = target; mounts a fresh tmpfs at $WORK/$1/lower
    local lower=$WORK/$1/lower
    mkdir -p "$lower"
    mount -t tmpfs -o "size=$TMPFS_SIZE,mode=0755" "bench-$1" "$lower" ||
        { echo "run.sh: cannot mount tmpfs for $1" >&2; return 1; }
}

start_daemon() {  # $1 = target, $2... = command; starts it in its own session
    local t=$1; shift
    local pidfile=$WORK/$t/daemon.pid
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" \
        </dev/null >"$WORK/$t/daemon.log" 2>&1 &
    local i
    for i in $(seq 50); do [ -s "$pidfile" ] && break; sleep 0.1; done
    PGID[$t]=$(cat "$pidfile" 2>/dev/null)
    [ -n "${PGID[$t]}" ]
}

wait_mounted() {  # $1 = target, $2 = mount point, $3 = fstype regex
    local t=$1 mnt=$2 re=$3 deadline=$((SECONDS + MOUNT_TIMEOUT)) fs
    while [ $SECONDS -lt $deadline ]; do
        fs=$(mount_fstype "$mnt")
        if [ -n "$fs" ]; then
            [[ $fs =~ $re ]] && return 0
            echo "run.sh: $t: unexpected fstype '$fs' at $mnt" >&2
            return 1
        fi
        if ! kill -0 "${PGID[$t]}" 2>/dev/null; then
            echo "run.sh: $t: daemon exited before mounting" >&2
            return 1
        fi
        sleep 0.2
    done
    echo "run.sh: $t: not mounted after ${MOUNT_TIMEOUT}s" >&2
    return 1
}

setup_native() {
    mount_lower native || return 1
    DIR[native]=$WORK/native/lower
}

setup_bindfs() {
    local lower=$WORK/bindfs/lower mnt=$WORK/bindfs/mnt
    mount_lower bindfs || return 1
    mkdir -p "$mnt"
    # shellcheck disable=SC2086  # BINDFS_OPTS is a list of options
    start_daemon bindfs bindfs -f $BINDFS_OPTS "$lower" "$mnt" || return 1
    wait_mounted bindfs "$mnt" '^fuse(\.bindfs)?$' || return 1
    DIR[bindfs]=$mnt
}

setup_handlefs() {
    local lower=$WORK/handlefs/lower mnt=$WORK/handlefs/mnt
    local -a cmd
    read -r -a cmd <<<"$HANDLEFS_CMD"
    local i
    for i in "${!cmd[@]}"; do
        case "${cmd[$i]}" in LOWER) cmd[$i]=$lower ;; MNT) cmd[$i]=$mnt ;; esac
    done
    if ! command -v "${cmd[0]}" >/dev/null 2>&1; then
        echo "run.sh: handlefs: '${cmd[0]}' not found (set HANDLEFS_CMD)" >&2
        return 1
    fi
    mount_lower handlefs || return 1
    mkdir -p "$mnt"
    start_daemon handlefs "${cmd[@]}" || return 1
    wait_mounted handlefs "$mnt" '^fuse(\.handlefs)?$' || {
        sed 's/^/  handlefs log: /' "$WORK/handlefs/daemon.log" | tail -n 20 >&2
        return 1
    }
    DIR[handlefs]=$mnt
}

for t in "${TARGET_LIST[@]}"; do
    log "setting up $t"
    if "setup_$t"; then
        STATUS[$t]=ok
    else
        echo "$t: unavailable"
        STATUS[$t]=unavailable
        teardown_target "$t"
    fi
done

# --- benchmarks -----------------------------------------------------------------
RAW=$WORK/raw.tsv
: >"$RAW"
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$RAW"; }

FIO_COMMON=(--ioengine=psync --numjobs=1 --invalidate=0 --fallocate=none
            --output-format=json)

run_fio() {  # $1 target, $2 run, $3 metric, $4 direction, $5 bw|iops, rest: fio args
    local t=$1 r=$2 metric=$3 dir=$4 kind=$5; shift 5
    local out=$WORK/$t/fio-$metric-$r.json v
    if step fio "${FIO_COMMON[@]}" --output="$out" "$@" \
            >"$WORK/$t/fio-$metric-$r.log" 2>&1 &&
       v=$(python3 "$BENCH_DIR/report.py" fio-metric "$out" "$dir" "$kind"); then
        record "$t" "$r" "$metric" "$v"
        log "  $t run $r: $metric $v"
    else
        record "$t" "$r" "$metric" fail
        log "  $t run $r: $metric FAILED"; tail -n 5 "$WORK/$t/fio-$metric-$r.log" >&2
        return 1
    fi
}

cache_state() {  # $1 target, $2 run, $3 key, $4 file: % of it in the page cache
    local res size
    command -v fincore >/dev/null 2>&1 || return 0
    read -r res size < <(fincore --bytes --noheadings --output RES,SIZE "$4" 2>/dev/null) || return 0
    [ -n "$size" ] && [ "$size" -gt 0 ] && record "$1" "$2" "$3" "$((100 * res / size))"
}

bench_target() {  # $1 target, $2 run number
    local t=$1 r=$2 d=${DIR[$1]}/run$2 out
    if ! mkdir "$d"; then
        for m in create stat unlink seqwrite seqread randread randwrite; do record "$t" "$r" "$m" fail; done
        return 1
    fi
    # metadata
    out=$WORK/$t/meta-$r.txt
    if step "$WORK/metabench" "$d" "$FILES" >"$out" 2>&1 &&
       read -r c s u < <(python3 "$BENCH_DIR/report.py" metabench "$out"); then
        record "$t" "$r" create "$c"; record "$t" "$r" stat "$s"; record "$t" "$r" unlink "$u"
        log "  $t run $r: create $c/s stat $s/s unlink $u/s"
    else
        for m in create stat unlink; do record "$t" "$r" "$m" fail; done
        log "  $t run $r: metabench FAILED"; tail -n 5 "$out" >&2
    fi
    # data: write the file, read it back, then random I/O on it (all warm).
    local f=$d/seq.dat
    run_fio "$t" "$r" seqwrite write bw --name=seqwrite --filename="$f" \
        --rw=write --bs=1M --size="$SIZE" --end_fsync=1 || { rm -rf "$d"; return 1; }
    cache_state "$t" "$r" cache_seqread "$f"
    run_fio "$t" "$r" seqread read bw --name=seqread --filename="$f" \
        --rw=read --bs=1M --size="$SIZE"
    # warm-up: read the whole file once more right before the random reads.
    step cat "$f" >/dev/null
    cache_state "$t" "$r" cache_randread "$f"
    run_fio "$t" "$r" randread read iops --name=randread --filename="$f" \
        --rw=randread --bs=4k --size="$SIZE" --norandommap --randrepeat=0 \
        --time_based --runtime="$RAND_RUNTIME"
    run_fio "$t" "$r" randwrite write iops --name=randwrite --filename="$f" \
        --rw=randwrite --bs=4k --size="$SIZE" --norandommap --randrepeat=0 \
        --time_based --runtime="$RAND_RUNTIME" --end_fsync=1
    step rm -rf "$d"
}

# Runs are interleaved across targets (run 1 of each, then run 2, ...) so that
# drift on the machine spreads over all targets alike.
for r in $(seq "$RUNS"); do
    for t in "${TARGET_LIST[@]}"; do
        [ "${STATUS[$t]}" = ok ] || continue
        # a FUSE daemon that died is reported, not waited for.
        if [ "$t" != native ] && { [ -z "$(mount_fstype "$WORK/$t/mnt")" ] ||
                ! timeout -k 2 10 stat "$WORK/$t/mnt" >/dev/null 2>&1; }; then
            log "$t: mount gone or not answering (daemon died?); skipping it"
            for m in create stat unlink seqwrite seqread randread randwrite; do record "$t" "$r" "$m" fail; done
            continue
        fi
        log "run $r/$RUNS: $t"
        bench_target "$t" "$r"
    done
done

# --- report ---------------------------------------------------------------------
STATUSF=$WORK/status.tsv META=$WORK/meta.tsv
: >"$STATUSF"
for t in "${TARGET_LIST[@]}"; do printf '%s\t%s\n' "$t" "${STATUS[$t]}" >>"$STATUSF"; done
{
    printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf 'host\t%s\n' "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
    printf 'command\t%s\n' "$CMDLINE"
    printf 'kernel\t%s\n' "$(uname -srm)"
    printf 'cpu\t%s\n' "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
    printf 'versions\t%s\n' "$(fio --version), $(bindfs --version 2>&1 | head -n1), $(fusermount3 --version 2>&1 | head -n1)"
    printf 'parameters\t%s\n' "files=$FILES size=$SIZE runs=$RUNS rand-runtime=${RAND_RUNTIME}s, lower fs tmpfs size=$TMPFS_SIZE per target, fio ioengine=psync numjobs=1 invalidate=0 (nothing dropped: lower data always in RAM; FUSE page cache as each fs leaves it)"
    printf 'bindfs\t%s\n' "\`bindfs -f${BINDFS_OPTS:+ $BINDFS_OPTS} LOWER MNT\` (bindfs defaults: single-threaded, allow_other as root)"
    printf 'handlefs\t%s\n' "\`$HANDLEFS_CMD\`"
    printf 'runs\t%s\n' "$RUNS"
} >"$META"
echo
python3 "$BENCH_DIR/report.py" table "$RAW" "$STATUSF" "$META"
