#!/usr/bin/env bash
# Scale figures for handlefs (issue 3): open fds, RSS and node-table bytes
# over large trees, and how long a restart takes with a big node table.
# One command, run as root from anywhere:  tests/bench/scale.sh
# Settings come from the environment; see tests/bench/README.md.
#
# 1. A tree of FILES empty files (DIR_FILES per directory) is built directly
#    on a tmpfs (not through a mount: that would only be slow). handlefs
#    (--max-fds MAX_FDS) is mounted over it; `find MNT` and then a stat of
#    every entry; the daemon's fds, VmRSS and data.mdb size are read after
#    the walk. The same walk over bindfs, for comparison.
# 2. The same with BIG_FILES files (handlefs only).
# 3. Over the BIG_FILES tree: kill -9 the daemon, umount -l, start it again
#    on the same state dir and time start -> mount and start -> first
#    successful `stat MNT/d0/f0`, RESTARTS times; then the same with an
#    empty state dir each time.
# The table goes to stdout and OUT/report.md; progress to stderr.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$BENCH/lib.sh"
REPO=$(cd "$BENCH/../.." && pwd)

FILES=${FILES:-100000}
BIG_FILES=${BIG_FILES:-1000000}       # 0: skip the big tree and the restarts
MAX_FDS=${MAX_FDS:-1000}
DIR_FILES=${DIR_FILES:-1000}          # files per directory
RESTARTS=${RESTARTS:-3}
MOUNT_TIMEOUT=${MOUNT_TIMEOUT:-120}   # seconds for a daemon to mount / answer
WALK_TIMEOUT=${WALK_TIMEOUT:-1800}    # seconds for find, and again for the stats
OUT=${OUT:-/tmp/handlefs-scale-$(date +%Y%m%d-%H%M%S)}

log() { echo "[scale $(date +%T)] $*" >&2; }
die() { echo "scale.sh: $*" >&2; exit 1; }

# ------------------------------------------------------------ helpers
since() {  # START (an $EPOCHREALTIME): seconds since then, 2 decimals
    awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'
}

median() {  # numbers as arguments -> the middle one (the lower middle if even)
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

fd_count() {  # PID: entries in /proc/PID/fd
    find "/proc/$1/fd" -mindepth 1 -maxdepth 1 | wc -l
}

fds_into() {  # PID DIR: fds of PID that point into DIR (its O_PATH node fds)
    find "/proc/$1/fd" -mindepth 1 -maxdepth 1 \( -lname "$2" -o -lname "$2/*" \) | wc -l
}

status_kib() {  # PID FIELD: a kB figure from /proc/PID/status, in MiB
    awk -v f="$2:" '$1 == f { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

# ------------------------------------------------------------ the trees
# build_tree DIR N: N empty files, DIR_FILES per directory d0, d1, ...,
# named f0, f1, ... Built on the tmpfs directly: one touch per directory.
build_tree() {
    local dir=$1 n=$2 d i
    local -a names=()
    for ((i = 0; i < DIR_FILES; i++)); do names+=("f$i"); done
    for ((d = 0; d < n / DIR_FILES; d++)); do
        mkdir "$dir/d$d"
        (cd "$dir/d$d" && touch -- "${names[@]}")
    done
}

# A tmpfs of its own per tree, so that unmounting it frees the tree at once.
# Empty files take no blocks; nr_inodes=0 lifts the inode limit. The state
# dirs go on it too, outside the exported tree LOWER.
mount_lower() {  # NAME: sets FS, LOWER, STATE
    FS=$WORK/$1 LOWER=$WORK/$1/lower STATE=$WORK/$1/state
    mkdir -p "$FS"
    mount -t tmpfs -o size=8g,nr_inodes=0,mode=0755 "scale-$1" "$FS"
    TMPFS+=("$FS")
    mkdir "$LOWER"
}

# ------------------------------------------------------------ daemons
# The current daemon: pid, mount point, log. One at a time.
D_PID= D_MNT=

# start_daemon LOG CMD...: start CMD in its own session (a ^C must reach this
# script, not the daemon); setsid execs, so $! is the daemon itself.
start_daemon() {
    local logf=$1; shift
    setsid "$@" </dev/null >>"$logf" 2>&1 &
    D_PID=$!
}

start_handlefs() {  # LOWER STATE LOG
    # Through the launcher, as an administrator starts it (its JVM options, its class data
    # sharing archive); it execs java, so the pid is the daemon's.
    start_daemon "$3" "$REPO/handlefs" mount --foreground --state-dir "$2" \
        --max-fds "$MAX_FDS" "$1" "$MNT"
    D_MNT=$MNT
}

start_bindfs() {  # LOWER LOG  (its defaults, single-threaded, as in run.sh)
    start_daemon "$2" bindfs -f "$1" "$MNT"
    D_MNT=$MNT
}

wait_mounted() {  # bounded wait for a FUSE mount at MNT by the current daemon
    local deadline=$((SECONDS + MOUNT_TIMEOUT))
    until [[ $(fstype_at "$MNT") =~ ^fuse(\..*)?$ ]]; do
        kill -0 "$D_PID" 2>/dev/null || die "daemon exited before mounting (log in $OUT)"
        [ $SECONDS -lt $deadline ] || die "not mounted after ${MOUNT_TIMEOUT}s"
        sleep 0.1
    done
}

wait_exit() {  # PID SECONDS: bounded wait for PID to end; 1 if it did not
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        kill -0 "$1" 2>/dev/null || { wait "$1" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    return 1
}

stop_daemon() {  # a clean unmount; the daemon then exits by itself
    [ -n "$D_PID" ] || return 0
    if [ -n "$(fstype_at "$D_MNT")" ]; then
        timeout -k 2 30 umount "$D_MNT" || timeout -k 2 10 umount -l "$D_MNT" || true
    fi
    wait_exit "$D_PID" 10 || { kill -KILL "$D_PID" 2>/dev/null; wait_exit "$D_PID" 10 || true; }
    D_PID= D_MNT=
}

crash_daemon() {  # kill -9, then detach the dead mount (nobody answers it)
    kill -KILL "$D_PID"
    # stderr: bash reports a job killed by a signal ("Killed"); we know.
    wait_exit "$D_PID" 10 2>/dev/null || die "daemon $D_PID survived kill -9"
    timeout -k 2 10 umount -l "$D_MNT" || true
    [ -z "$(fstype_at "$D_MNT")" ] || die "$D_MNT still mounted after umount -l"
    D_PID= D_MNT=
}

# ------------------------------------------------------------ measuring
declare -A R=()   # R[COLUMN,KEY] = figure

# walk COL LOWER: find MNT, then stat every entry find printed; times,
# errors, and the daemon's fds (sampled during the walk, and after it).
walk() {
    local col=$1 lower=$2 t0
    # A sampler keeps the highest fd count seen during the walk: the count
    # after it could hide a peak above --max-fds.
    (while kill -0 "$D_PID" 2>/dev/null; do fd_count "$D_PID"; sleep 0.5; done >"$OUT/$col-fds.txt") &
    SAMPLER=$!
    t0=$EPOCHREALTIME
    timeout -k 10 "$WALK_TIMEOUT" find "$MNT" -print0 >"$WORK/list" 2>"$OUT/$col-find-errors.txt" || true
    R[$col,find_s]=$(since "$t0")
    t0=$EPOCHREALTIME
    # stat(1) prints one line on stderr per path it cannot stat.
    timeout -k 10 "$WALK_TIMEOUT" xargs -0 stat --format=%i <"$WORK/list" \
        >/dev/null 2>"$OUT/$col-stat-errors.txt" || true
    R[$col,stat_s]=$(since "$t0")
    kill "$SAMPLER" 2>/dev/null || true
    wait "$SAMPLER" 2>/dev/null || true
    SAMPLER=
    R[$col,walk_s]=$(awk -v a="${R[$col,find_s]}" -v b="${R[$col,stat_s]}" 'BEGIN { printf "%.2f", a + b }')
    R[$col,entries]=$(tr -cd '\0' <"$WORK/list" | wc -c)
    R[$col,errors]="$(wc -l <"$OUT/$col-find-errors.txt") / $(wc -l <"$OUT/$col-stat-errors.txt")"
    R[$col,fds]=$(fd_count "$D_PID")
    R[$col,fds_lower]=$(fds_into "$D_PID" "$lower")
    R[$col,fds_peak]=$(sort -n "$OUT/$col-fds.txt" | tail -n 1)
    R[$col,rss]=$(status_kib "$D_PID" VmRSS)
    R[$col,hwm]=$(status_kib "$D_PID" VmHWM)
    log "  $col: ${R[$col,entries]} entries in ${R[$col,walk_s]} s, errors ${R[$col,errors]}," \
        "fds ${R[$col,fds]} (peak ${R[$col,fds_peak]}), VmRSS ${R[$col,rss]} MiB"
}

# node_table COL STATE NODES: size of data.mdb (apparent and allocated: the
# file is sparse with MDB_WRITEMAP) and allocated bytes per node.
node_table() {
    local col=$1 state=$2 nodes=$3 mdb alloc
    mdb=$(echo "$state"/exports/*/nodes/data.mdb)
    [ -f "$mdb" ] || die "no node table at $state/exports/*/nodes/data.mdb"
    R[$col,nodes]=$nodes
    R[$col,mdb_apparent]=$(du -B1 --apparent-size "$mdb" | cut -f1)
    alloc=$(du -B1 "$mdb" | cut -f1)
    R[$col,mdb_alloc]=$alloc
    R[$col,per_node]=$(awk -v a="$alloc" -v n="$nodes" 'BEGIN { printf "%.0f", a / n }')
    # The rows really in the table (the "ids" database), if lmdb-utils is
    # installed: it checks the "every entry has a node" assumption above.
    if command -v mdb_stat >/dev/null; then
        R[$col,rows]=$(mdb_stat -s ids "$(dirname "$mdb")" | awk '/Entries:/ { print $2 }') ||
            R[$col,rows]="mdb_stat failed"
    fi
}

# handlefs_tree COL N: the tree, handlefs over it, walk, node table.
# Leaves the daemon running, and FS, LOWER and STATE set.
handlefs_tree() {
    local col=$1 n=$2 t0
    mount_lower "$col"
    log "building $n files in $((n / DIR_FILES)) directories on a tmpfs"
    t0=$EPOCHREALTIME
    build_tree "$LOWER" "$n"
    log "  built in $(since "$t0") s; load: $(load_now)"
    start_handlefs "$LOWER" "$STATE" "$OUT/$col-daemon.log"
    wait_mounted
    log "walking handlefs (--max-fds $MAX_FDS) over $n files"
    walk "$col" "$LOWER"
    # every file and directory and the root has a node after the walk
    node_table "$col" "$STATE" $((n + n / DIR_FILES + 1))
}

# time_start STATE: start handlefs over LOWER with STATE; sets T_MOUNT and
# T_FIRST: seconds from the start command to the mount appearing and to the
# first successful stat of MNT/d0/f0 (a path lookup answered by the new
# daemon). Not in a subshell: the daemon's pid must stay in D_PID.
time_start() {
    local state=$1 t0 mounted= first= failed=0 deadline=$((SECONDS + MOUNT_TIMEOUT))
    t0=$EPOCHREALTIME
    start_handlefs "$LOWER" "$state" "$OUT/restart-daemon.log"
    while [ -z "$first" ]; do
        if [ -z "$mounted" ] && [ "$(fstype_at "$MNT")" = fuse.handlefs ]; then
            mounted=$(since "$t0")
        fi
        # Only once mounted: before that the stat would see the bare
        # directory. [ -e ] is stat(2) without a fork.
        if [ -n "$mounted" ]; then
            if [ -e "$MNT/d0/f0" ]; then first=$(since "$t0"); break; fi
            failed=$((failed + 1))
        fi
        kill -0 "$D_PID" 2>/dev/null || die "daemon exited during restart (log $OUT/restart-daemon.log)"
        [ $SECONDS -lt $deadline ] || die "no reply ${MOUNT_TIMEOUT}s after restart"
        sleep 0.01
    done
    # A stat that failed on a mounted handlefs is worth knowing about.
    [ $failed -eq 0 ] || log "  WARNING: $failed stats of MNT/d0/f0 failed after the mount appeared"
    T_MOUNT=$mounted T_FIRST=$first
}

# restarts: RESTARTS times kill -9 + restart on the big table, then
# RESTARTS times a fresh daemon on an empty state dir. The daemon from the
# walk is running on entry.
restarts() {
    local i
    local -a full_m=() full_f=() empty_m=() empty_f=()
    for ((i = 1; i <= RESTARTS; i++)); do
        crash_daemon
        time_start "$STATE"
        full_m+=("$T_MOUNT") full_f+=("$T_FIRST")
        log "  restart $i on the full table: mounted $T_MOUNT s, first stat $T_FIRST s"
    done
    for ((i = 1; i <= RESTARTS; i++)); do
        crash_daemon
        time_start "$FS/empty-state-$i"
        empty_m+=("$T_MOUNT") empty_f+=("$T_FIRST")
        log "  start $i on an empty state dir: mounted $T_MOUNT s, first stat $T_FIRST s"
    done
    stop_daemon
    R[full,mount]="$(median "${full_m[@]}") (${full_m[*]})"
    R[full,first]="$(median "${full_f[@]}") (${full_f[*]})"
    R[empty,mount]="$(median "${empty_m[@]}") (${empty_m[*]})"
    R[empty,first]="$(median "${empty_f[@]}") (${empty_f[*]})"
}

# ------------------------------------------------------------ report
row() {  # LABEL KEY COLUMN...: one table row, "—" where there is no figure
    local label=$1 key=$2 c line
    shift 2
    line="| $label |"
    for c in "$@"; do line+=" ${R[$c,$key]:-—} |"; done
    echo "$line"
}

load_now() {
    uptime | sed 's/.*load average: /load average /'
}

report() {
    local -a cols=(small bindfs)
    local head="| | handlefs, $FILES files | bindfs, $FILES files |" rule="|---|---:|---:|"
    if [ "$BIG_FILES" -gt 0 ]; then
        cols+=(big)
        head+=" handlefs, $BIG_FILES files |" rule+="---:|"
    fi
    echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$REPO" rev-parse --short HEAD)"
    echo
    echo '```'
    echo "FILES=$FILES BIG_FILES=$BIG_FILES MAX_FDS=$MAX_FDS DIR_FILES=$DIR_FILES RESTARTS=$RESTARTS tests/bench/scale.sh"
    echo '```'
    echo
    echo "- load at start: $LOAD_START"
    echo "- load at end: $(load_now)"
    echo "- handlefs: ./handlefs mount --foreground --state-dir STATE --max-fds $MAX_FDS LOWER MNT (other options default); bindfs -f LOWER MNT"
    echo "- lower: empty files, $DIR_FILES per directory, built directly on a tmpfs; state dir on the same tmpfs"
    echo
    echo "$head"
    echo "$rule"
    row "entries walked (find)" entries "${cols[@]}"
    row "walk: find + stat of every entry (s)" walk_s "${cols[@]}"
    row "  find (s)" find_s "${cols[@]}"
    row "  stat of every entry (s)" stat_s "${cols[@]}"
    row "errors: find / stat" errors "${cols[@]}"
    row "daemon open fds after the walk" fds "${cols[@]}"
    row "  of which into the lower tree" fds_lower "${cols[@]}"
    row "daemon open fds, peak during the walk (sampled every 0.5 s)" fds_peak "${cols[@]}"
    row "daemon VmRSS after the walk (MiB)" rss "${cols[@]}"
    row "daemon VmHWM (peak RSS, MiB)" hwm "${cols[@]}"
    row "nodes (files + dirs + root)" nodes "${cols[@]}"
    row "  rows in the node table (mdb_stat, ids)" rows "${cols[@]}"
    row "data.mdb apparent size (bytes)" mdb_apparent "${cols[@]}"
    row "data.mdb allocated (bytes)" mdb_alloc "${cols[@]}"
    row "node table bytes per node (allocated / nodes)" per_node "${cols[@]}"
    if [ "$BIG_FILES" -gt 0 ]; then
        echo
        echo "Restart over the $BIG_FILES-file tree (seconds from the start command; median of $RESTARTS, all runs in brackets):"
        echo
        echo "| | state dir with the table of the walk (${R[big,rows]:-${R[big,nodes]}} rows) | empty state dir |"
        echo "|---|---:|---:|"
        row "start -> mount appears" mount full empty
        row "start -> first successful stat MNT/d0/f0" first full empty
    fi
}

# ------------------------------------------------------------ main
check_setup() {
    [ "$(id -u)" -eq 0 ] || die "run as root: it mounts tmpfs and FUSE file systems"
    local v
    for v in FILES BIG_FILES MAX_FDS DIR_FILES RESTARTS; do
        [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a non-negative integer"
    done
    [ "$FILES" -gt 0 ] && [ "$DIR_FILES" -gt 0 ] && [ "$RESTARTS" -gt 0 ] ||
        die "FILES, DIR_FILES and RESTARTS must be positive"
    [ $((FILES % DIR_FILES)) -eq 0 ] && [ $((BIG_FILES % DIR_FILES)) -eq 0 ] ||
        die "FILES and BIG_FILES must be multiples of DIR_FILES ($DIR_FILES)"
    command -v bindfs >/dev/null || die "bindfs is missing (apt-get install bindfs)"
    # The launcher builds the jar if it is missing or older than the
    # sources; do it now, before anything is timed.
    timeout 900 "$REPO/handlefs" --version >&2 || die "cannot build/run $REPO/handlefs"
}

WORK= MNT= TMPFS=() SAMPLER=
cleanup() {
    local rc=$? fs
    trap '' INT TERM
    [ -z "$SAMPLER" ] || kill "$SAMPLER" 2>/dev/null || true
    if [ -n "$D_PID" ]; then
        kill -KILL "$D_PID" 2>/dev/null || true
        wait_exit "$D_PID" 10 2>/dev/null || true
    fi
    if [ -n "$MNT" ] && [ -n "$(fstype_at "$MNT")" ]; then timeout -k 2 10 umount -l "$MNT" || true; fi
    for fs in "${TMPFS[@]}"; do
        if [ -n "$(fstype_at "$fs")" ]; then
            timeout -k 2 30 umount "$fs" || timeout -k 2 10 umount -l "$fs" || true
        fi
    done
    remove_work "$WORK"
    exit $rc
}

main() {
    check_setup
    mkdir -p "$OUT"
    WORK=$(mktemp -d /tmp/handlefs-scale.XXXXXX)
    MNT=$WORK/mnt
    mkdir "$MNT"
    trap cleanup EXIT
    trap 'log interrupted; exit 130' INT
    trap 'log terminated; exit 143' TERM
    LOAD_START=$(load_now)
    log "results in $OUT; $LOAD_START"

    handlefs_tree small "$FILES"
    stop_daemon
    log "walking bindfs over the same $FILES files"
    start_bindfs "$LOWER" "$OUT/bindfs-daemon.log"
    wait_mounted
    walk bindfs "$LOWER"
    stop_daemon
    umount "${TMPFS[0]}"

    if [ "$BIG_FILES" -gt 0 ]; then
        handlefs_tree big "$BIG_FILES"
        log "restarts over $BIG_FILES files"
        restarts
    fi
    report | tee "$OUT/report.md"
    # The daemons' own complaints, if any, beside the figures.
    if grep -h -E 'WARN|ERROR|Exception' "$OUT"/*daemon.log >/dev/null 2>&1; then
        log "daemon logs have warnings/errors ($OUT/*daemon.log):"
        grep -h -E 'WARN|ERROR|Exception' "$OUT"/*daemon.log | sort | uniq -c | sort -rn | head -n 5 >&2
    fi
}

main "$@"
