#!/usr/bin/env bash
# Benchmark handlefs against the lower file system itself (native), bindfs, a
# jnr-fuse passthrough, libfuse's passthrough_ll (built from Debian's libfuse3-dev examples)
# and (if built) libfuse's passthrough_hp.
# One command, run as root from anywhere:  tests/bench/run.sh
# Settings come from the environment; see tests/bench/README.md.
#
# For every run and every target: mount a fresh tmpfs as the lower file
# system, bring the target up over it, run metabench (create/stat/unlink of
# FILES empty files, with the daemon's CPU time) and four data jobs, then tear
# everything down; then bring it up again over a fresh directory on ext4
# (EXT4_DIR) for the same four data jobs. Raw figures go to OUT/raw.tsv;
# report.py turns them into the table (median of the runs, ratio against
# native of the same runs).
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$BENCH/lib.sh"
REPO=$(cd "$BENCH/../.." && pwd)

RUNS=${RUNS:-3}
FILES=${FILES:-20000}
WARM_FILES=${WARM_FILES:-$FILES}     # untimed metabench pass first; 0: none
FIO_SIZE=${FIO_SIZE:-1g}
WARM_DATA=${WARM_DATA:-256m}         # untimed fio pass before the timed jobs; 0: none
# The data jobs again with the lower tree on this ext4 directory (a scratch
# directory is made and removed inside it); empty: tmpfs only.
EXT4_DIR=${EXT4_DIR-/var/tmp}
TARGETS=${TARGETS:-native handlefs handlefs_daemon_io handlefs_uring bindfs jnrfuse passthrough_ll passthrough_hp}
# LOWER, MNT and STATE (whole words; LOWER also after "=") are replaced. STATE is a directory on
# the target's tmpfs, outside the exported tree.
HANDLEFS_CMD=${HANDLEFS_CMD:-$REPO/handlefs mount --foreground --state-dir STATE LOWER MNT}
# The kernel's caches answer for as long as passthrough_hp's (its default
# timeout is 86400 s): changes made through handlefs's own SMB server are
# invalidated in the kernel, only changes behind the daemon's back are not.
HANDLEFS_OPTS=${HANDLEFS_OPTS:-attr_timeout=86400,entry_timeout=86400}
# A second build side by side with the first (an A/B of two commits with every benchmark):
# targets handlefs_b and handlefs_daemon_io_b run this command, as HANDLEFS_CMD, e.g.
# "java -jar /tmp/other.jar mount --foreground --state-dir STATE LOWER MNT".
HANDLEFS_B_CMD=${HANDLEFS_B_CMD:-}
BINDFS_CMD=${BINDFS_CMD:-bindfs -f LOWER MNT}
JNRFUSE_DIR=$BENCH/jnrfuse
# libfuse's low-level example: the copy Debian's libfuse3-dev ships, compiled at run time.
PASSTHROUGH_LL_SRC=/usr/share/doc/libfuse3-dev/examples/passthrough_ll.c
# libfuse's example, built from its sources (no Debian package ships it).
PASSTHROUGH_HP=${PASSTHROUGH_HP:-$(command -v passthrough_hp || true)}
URING_SWITCH=/sys/module/fuse/parameters/enable_uring
URING_BEFORE=          # the switch's value before the run, once changed
# Free page reporting (virtio-balloon) hands the memory this VM frees to the host, which must back
# it again at its next use: a second GiB written into tmpfs right after a first ran at 964-2,165
# MiB/s against 4,197-4,719 (RESULTS.md), so a job's speed hung on what the previous job freed.
REPORTING_ORDER=/sys/module/page_reporting/parameters/page_reporting_order
REPORTING_BEFORE=      # its value before the run, once changed
PASSTHROUGH_HP_CMD=${PASSTHROUGH_HP_CMD:-$PASSTHROUGH_HP --foreground LOWER MNT}
DATA_RUNTIME=${DATA_RUNTIME:-10}      # seconds per timed data job (all but the sequential write)
# Pairs A:B of targets whose data jobs also run head to head, after each run's targets (duel,
# below); a pair runs only if both are in TARGETS. Empty: none.
DUELS=${DUELS-handlefs_daemon_io:bindfs handlefs_daemon_io:passthrough_ll}
STEP_TIMEOUT=${STEP_TIMEOUT:-300}     # seconds per benchmark step
MOUNT_TIMEOUT=${MOUNT_TIMEOUT:-60}    # seconds for a daemon to mount
OUT=${OUT:-/tmp/handlefs-bench-$(date +%Y%m%d-%H%M%S)}

# fd 3 is the console: steps run with their output sent to log files.
exec 3>&2
log() { echo "[bench $(date +%T)] $*" >&3; }
die() { echo "run.sh: $*" >&3; exit 1; }

# ---------------------------------------------------------------- targets
# A target is one function target_NAME LOWER MNT STATE. LOWER is a fresh,
# empty directory (tmpfs or ext4); MNT an empty directory; STATE a scratch directory
# (on the same tmpfs, not exported). It brings the target up and sets
#   T_DIR  the directory the benchmarks run in,
#   T_PID  the daemon's pid (empty for none), for its CPU time,
#   T_MNT  the FUSE mount point to take down afterwards (empty for none),
#   T_LOWER  for a FUSE target, the lower tree (start_fuse sets it).
# It returns non-zero if the target could not be brought up. Teardown is
# generic (teardown_target). To add a target, add a function here.

target_native() {
    T_DIR=$1 T_PID= T_MNT=
}

target_handlefs() {
    start_fuse handlefs "$HANDLEFS_CMD${HANDLEFS_OPTS:+ -o $HANDLEFS_OPTS}" "$@"
}

# handlefs on its own I/O path: FUSE passthrough off, the daemon reads and writes.
target_handlefs_daemon_io() {
    start_fuse handlefs-daemon-io "$HANDLEFS_CMD -o no_passthrough${HANDLEFS_OPTS:+,$HANDLEFS_OPTS}" "$@"
}

target_handlefs_b() {
    start_fuse handlefs-b "$HANDLEFS_B_CMD${HANDLEFS_OPTS:+ -o $HANDLEFS_OPTS}" "$@"
}

target_handlefs_daemon_io_b() {
    start_fuse handlefs-daemon-io-b "$HANDLEFS_B_CMD -o no_passthrough${HANDLEFS_OPTS:+,$HANDLEFS_OPTS}" "$@"
}

# handlefs with FUSE over io_uring (-o io_uring): one ring and thread per CPU instead of
# /dev/fuse reads and writes. The fuse module's enable_uring switch is turned on for the run
# and set back at exit.
target_handlefs_uring() {
    [ -n "$URING_BEFORE" ] || URING_BEFORE=$(cat "$URING_SWITCH")
    echo 1 >"$URING_SWITCH"
    start_fuse handlefs-uring "$HANDLEFS_CMD -o io_uring${HANDLEFS_OPTS:+,$HANDLEFS_OPTS}" "$@"
}

target_bindfs() {
    # bindfs runs single-threaded by default (no -o multithreaded).
    start_fuse bindfs "$BINDFS_CMD" "$@"
}

# A minimal path-based passthrough on jnr-fuse (tests/bench/jnrfuse), with
# libfuse 2's defaults (multi-threaded, 1 s timeouts).
target_jnrfuse() {
    start_fuse jnrfuse "java -cp $JNRFUSE_CLASSPATH io.handlefs.bench.JnrPassthrough LOWER MNT" "$@"
}

# libfuse's passthrough_ll with its defaults (multi-threaded, 1 s timeouts, no writeback cache).
target_passthrough_ll() {
    start_fuse passthrough_ll "$WORK/libfuse-passthrough_ll -f -o source=LOWER MNT" "$@"
}

# libfuse's passthrough_hp with its defaults, if built on this machine.
target_passthrough_hp() {
    start_fuse passthrough_hp "$PASSTHROUGH_HP_CMD" "$@"
}

# start_fuse NAME CMD LOWER MNT STATE: run CMD (placeholders replaced) in
# the foreground of its own session, wait until MNT is a FUSE mount.
start_fuse() {
    local name=$1 cmdline=$2 lower=$3 mnt=$4 state=$5 w
    local -a cmd=()
    for w in $cmdline; do
        case $w in LOWER) w=$lower ;; *=LOWER) w=${w%LOWER}$lower ;; MNT) w=$mnt ;; STATE) w=$state ;; esac
        cmd+=("$w")
    done
    # setsid: a ^C on the terminal must reach the script, not the daemon,
    # so the daemon is still there to answer while we unmount. setsid
    # execs (no fork) because a background job is no group leader here, so
    # $! is the daemon itself as long as the command execs too (the
    # handlefs launcher does).
    setsid "${cmd[@]}" </dev/null >"$RUN_DIR/daemon.log" 2>&1 &
    T_PID=$! T_MNT=$mnt T_DIR= T_LOWER=$lower
    wait_mounted "$mnt" "$name" "$T_PID" || {
        sed 's/^/    daemon: /' "$RUN_DIR/daemon.log" | tail -n 20 >&3
        return 1
    }
    T_DIR=$mnt
}

# ------------------------------------------------------- mounts, teardown
wait_mounted() {  # MNT NAME PID: bounded wait for a FUSE mount at MNT
    local mnt=$1 name=$2 pid=$3 deadline=$((SECONDS + MOUNT_TIMEOUT))
    while [ $SECONDS -lt $deadline ]; do
        # handlefs says fuse.handlefs, bindfs plain fuse; MNT is ours alone.
        [[ $(fstype_at "$mnt") =~ ^fuse(\..*)?$ ]] && return 0
        kill -0 "$pid" 2>/dev/null || { log "$name: daemon exited before mounting"; return 1; }
        sleep 0.2
    done
    log "$name: not mounted after ${MOUNT_TIMEOUT}s"
    return 1
}

fuse_minor() {  # device minor of the mount at $1 = its FUSE connection id
    awk -v m="$1" '$5 == m { split($3, d, ":"); x = d[2] } END { print x }' /proc/self/mountinfo
}

# unmount_fuse MNT: a clean unmount, else `handlefs umount --abort` (any FUSE daemon's mount: it
# aborts the connection through fusectl, mounting fusectl where nothing has, then detaches).
unmount_fuse() {
    local mnt=$1
    [ -n "$(fstype_at "$mnt")" ] || return 0
    timeout -k 2 10 umount "$mnt" 2>/dev/null && return 0
    log "umount $mnt failed or hung: aborting the FUSE connection"
    timeout -k 2 30 "$REPO/handlefs" umount --abort "$mnt" >&3 2>&1 || true
    [ -z "$(fstype_at "$mnt")" ] || log "WARNING: $mnt is still mounted"
}

stop_daemon() {  # PID: it should exit by itself once unmounted; bounded
    local pid=$1 i
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    log "daemon $pid still running 5s after unmount: SIGTERM"
    kill -TERM "$pid" 2>/dev/null || return 0
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
}

# The current target's state, for teardown from a trap too.
T_DIR= T_PID= T_MNT= T_LOWER= T_TMPFS=

teardown_target() {
    [ -z "$T_MNT" ] || unmount_fuse "$T_MNT"
    [ -z "$T_PID" ] || stop_daemon "$T_PID"
    if [ -n "$T_TMPFS" ] && [ -n "$(fstype_at "$T_TMPFS")" ]; then
        timeout -k 2 10 umount "$T_TMPFS" 2>/dev/null ||
            timeout -k 2 10 umount -l "$T_TMPFS" 2>/dev/null || true
    fi
    T_DIR= T_PID= T_MNT= T_LOWER= T_TMPFS=
}

# ------------------------------------------------------------ steps
CHILD= TIMED_OUT=0
# step CMD...: run a benchmark step bounded by STEP_TIMEOUT. In the
# background + wait, so that INT/TERM run the trap at once. A process
# waiting on a FUSE request the daemon already took cannot be killed; it
# ends when teardown aborts the connection. A timeout sets TIMED_OUT.
step() {
    local rc=0
    timeout -k 10 "$STEP_TIMEOUT" "$@" &
    CHILD=$!
    wait "$CHILD" || rc=$?
    CHILD=
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
        TIMED_OUT=1
        log "    timed out after ${STEP_TIMEOUT}s: $*"
    fi
    return $rc
}

# A step timed out on a FUSE target: the daemon is hung or lost a reply.
# Keep what the developer needs (a JVM thread dump, the kernel's view of
# the connection) before teardown aborts it.
diagnose_hang() {
    local conn
    conn=$(fuse_minor "$T_MNT")
    if [ -n "$conn" ] && [ -r "/sys/fs/fuse/connections/$conn/waiting" ]; then
        log "    FUSE connection $conn: $(cat "/sys/fs/fuse/connections/$conn/waiting") requests waiting"
    fi
    if command -v jcmd >/dev/null && [[ $(readlink "/proc/$T_PID/exe" 2>/dev/null) == */java ]]; then
        timeout 30 jcmd "$T_PID" Thread.print >"$RUN_DIR/daemon-threads.txt" 2>&1 || true
        log "    daemon thread dump: $RUN_DIR/daemon-threads.txt"
    fi
    sed 's/^/    daemon: /' "$RUN_DIR/daemon.log" | tail -n 20 >&3
}

record() {  # TARGET RUN METRIC VALUE
    printf '%s\t%s\t%s\t%s\n' "$@" >>"$OUT/raw.tsv"
}

# fio: psync, one job; nothing is fallocated (not every FUSE fs has fallocate).
FIO_COMMON=(--ioengine=psync --numjobs=1 --fallocate=none)

# The data jobs (job_METRIC), in this order.
DATA_METRICS=(seqwrite randwrite seqread randread)

# The data jobs run pairio.c on files taking turns. For a FUSE target: a file in its lower tree
# (whose turns come first) and one through the mount; native runs alone. In a duel (below): a
# file through each of two mounts. The current pair, set by run_data_jobs and duel_on:
#   PAIR_DIRS    the directory each file is reached through, in turn order
#   PAIR_LOWERS  the lower tree each of them lives in (where a file is laid out)
#   PAIR_RUN     what runs pairio on the files and records its figures (vs_lower_tree, duel_pairio)
#   JOB_TARGET JOB_RUN JOB_PREFIX  whose figures they are: metric JOB_PREFIX+METRIC
PAIR_DIRS=() PAIR_LOWERS=() PAIR_RUN= JOB_TARGET= JOB_RUN= JOB_PREFIX=

# side_paths ARRAY NAME: NAME under each directory of ARRAY, one a line; a %d in NAME is the
# side's number (1, 2): the files a job writes need one each, since a FUSE target's two share
# its lower tree.
side_paths() {
    local -n dirs=$1
    local i
    for i in "${!dirs[@]}"; do printf '%s/%s\n' "${dirs[i]}" "${2//%d/$((i + 1))}"; done
}

# job_failed METRIC [OUT...]: record the job as failed, with the end of what it said.
job_failed() {
    record "$JOB_TARGET" "$JOB_RUN" "$JOB_PREFIX$1" fail
    log "    $1 FAILED"
    [ $# -eq 1 ] || tail -n 5 "${@:2}" | sed 's/^/    pairio: /' >&3 || true
}

# lay_out METRIC PATH...: each file PATH (in a lower tree; a path given twice is written once)
# written in 1M blocks, of FIO_SIZE, then written back (sync), for every target alike. How a
# file was written shapes its page cache: on ext4 a file written in 4k blocks read 19 % slower
# than one written in 1M blocks, and through bindfs (4k writes) one was read at a third of the
# speed of the same file written by native, so a file written through each target would
# compare the targets' writes.
lay_out() {
    local m=$1 path log
    shift
    for path in $(printf '%s\n' "$@" | sort -u); do
        log=$RUN_DIR/layout-${path##*/}.log
        if ! step fio "${FIO_COMMON[@]}" --name=layout --filename="$path" \
            --rw=write --bs=1M --size="$FIO_SIZE" >"$log" 2>&1; then
            log "    $m: could not write $path"
            tail -n 5 "$log" | sed 's/^/    fio: /' >&3 || true
            return 1
        fi
    done
    step sync
}

# vs_lower_tree METRIC MODE AMOUNT FILE...: pairio MODE AMOUNT on the files. The last is the
# target's; the one before, if any, its partner in the lower tree (native_METRIC), on the same
# machine at the same moment.
vs_lower_tree() {
    local m=$1 mode=$2 amount=$3 out=$RUN_DIR/pairio-$1.txt vals unit=IOPS
    shift 3
    [[ $mode != write && $mode != seqread ]] || unit=MiB/s
    if step "$WORK/pairio" "$mode" "$amount" "$@" >"$out" 2>&1 &&
        vals=$(python3 "$BENCH/report.py" pairio "$out"); then
        read -r -a vals <<<"$vals"
        [ ${#vals[@]} -eq 1 ] || record "$JOB_TARGET" "$JOB_RUN" "native_$m" "${vals[0]}"
        record "$JOB_TARGET" "$JOB_RUN" "$m" "${vals[-1]}"
        log "    $m ${vals[-1]} $unit${T_MNT:+ (the lower tree in turns: ${vals[0]} $unit)}"
    else
        job_failed "$m" "$out"
        return 1
    fi
}

# job_seqwrite METRIC: FIO_SIZE of 1M writes into a new file on each side, in turns of 64 MiB
# each timed with its fdatasync (pairio.c write). The files are removed after, each through
# its own side.
job_seqwrite() {
    local rc=0 files
    mapfile -t files < <(side_paths PAIR_DIRS seqwrite-%d.dat)
    "$PAIR_RUN" "$1" write $(($(to_bytes "$FIO_SIZE") >> 20)) "${files[@]}" || rc=$?
    rm -f "${files[@]}" || log "    could not remove ${files[*]}"
    return $rc
}

# job_randwrite METRIC: 4k writes at random offsets of a file on each side, laid out first, for
# DATA_RUNTIME seconds in turns of 0.1 s, then each file's fdatasync (pairio.c randwrite). Why
# turns: ext4 took native's 4k writes at 34,000 to 47,000 IOPS from one run to the next. The
# files are removed after through their own sides: removed behind its back, a daemon that caches
# names (handlefs at entry_timeout=86400) would go on opening the removed file.
job_randwrite() {
    local rc=0 files lowers
    mapfile -t files < <(side_paths PAIR_DIRS randwrite-%d.dat)
    mapfile -t lowers < <(side_paths PAIR_LOWERS randwrite-%d.dat)
    if lay_out "$1" "${lowers[@]}"; then
        "$PAIR_RUN" "$1" randwrite "$DATA_RUNTIME" "${files[@]}" || rc=$?
    else
        job_failed "$1"
        rc=1
    fi
    rm -f "${files[@]}" || log "    could not remove ${files[*]}"
    return $rc
}

# job_seqread METRIC: a new rand.dat read through in 1M blocks, and again, for DATA_RUNTIME
# seconds in turns of 0.1 s (pairio.c seqread); a FUSE target's partner reads the same file in
# the lower tree. pairio drops a FUSE mount's page cache of the file before each pass, so a FUSE
# target serves every byte through its daemon (or its backing file); the lower file's own cache
# stays, for every target: on ext4 native would otherwise read from the disk while the daemons
# read the cache.
job_seqread() {
    local files lowers
    mapfile -t lowers < <(side_paths PAIR_LOWERS rand.dat)
    if ! lay_out "$1" "${lowers[@]}"; then
        job_failed "$1"
        return 1
    fi
    mapfile -t files < <(side_paths PAIR_DIRS rand.dat)
    "$PAIR_RUN" "$1" seqread "$DATA_RUNTIME" "${files[@]}"
}

# job_randread METRIC: warm 4k random reads of rand.dat (pairio.c read; the sequential read's
# file, else a new one) for DATA_RUNTIME seconds in turns of 0.1 s. pairio opens each file and
# reads it through once first (so a FUSE open without FOPEN_KEEP_CACHE cannot drop the warm
# pages).
job_randread() {
    local files lowers missing=() f
    mapfile -t lowers < <(side_paths PAIR_LOWERS rand.dat)
    for f in "${lowers[@]}"; do [ -f "$f" ] || missing+=("$f"); done
    if [ ${#missing[@]} -gt 0 ] && ! lay_out "$1" "${missing[@]}"; then
        job_failed "$1"
        return 1
    fi
    mapfile -t files < <(side_paths PAIR_DIRS rand.dat)
    "$PAIR_RUN" "$1" read "$DATA_RUNTIME" "${files[@]}"
}

# warm_up_metabench: one untimed metabench pass (WARM_FILES files in a
# directory of its own, removed again) before the timed one. A file
# server's daemon runs warm: without this the timed pass also measures the
# JVM's JIT compiling handlefs's request path in its first seconds. Every
# target gets the same pass, so the comparison stays even.
warm_up_metabench() {
    [ "$WARM_FILES" -gt 0 ] || return 0
    mkdir "$T_DIR/warm"
    if step "$WORK/metabench" "$T_DIR/warm" "$WARM_FILES" >"$RUN_DIR/metabench-warmup.txt" 2>&1; then
        rmdir "$T_DIR/warm"
    else
        log "    metabench warm-up FAILED (the timed pass still runs)"
        sed 's/^/    metabench: /' "$RUN_DIR/metabench-warmup.txt" | tail -n 5 >&3
    fi
}

# run_metabench TARGET RUN: metabench's timed pass in T_DIR/meta; for a FUSE target its phases
# take turns with the same calls in T_LOWER/meta-partner (native_create, native_stat,
# native_unlink), as the data jobs take turns with the lower tree.
run_metabench() {
    local t=$1 r=$2 out=$RUN_DIR/metabench.txt m vals
    local -a keys=(create stat unlink cpu_meta cpu_create cpu_stat cpu_unlink native_create native_stat native_unlink)
    local -a partner=()
    warm_up_metabench
    if [ $TIMED_OUT -eq 1 ]; then
        for m in create stat unlink; do record "$t" "$r" "$m" fail; done
        return 1
    fi
    mkdir "$T_DIR/meta"
    if [ -n "$T_MNT" ]; then
        mkdir "$T_LOWER/meta-partner"
        partner=("$T_PID" "$T_LOWER/meta-partner")
    fi
    if step "$WORK/metabench" "$T_DIR/meta" "$FILES" "${partner[@]}" >"$out" 2>&1 &&
        vals=$(python3 "$BENCH/report.py" metabench "$out"); then
        read -r -a vals <<<"$vals"
        for m in "${!keys[@]}"; do
            [ "${vals[$m]}" = - ] || record "$t" "$r" "${keys[$m]}" "${vals[$m]}"
        done
        log "    create ${vals[0]}/s stat ${vals[1]}/s unlink ${vals[2]}/s," \
            "daemon CPU ${vals[3]} s per 100k ops${T_MNT:+ (the lower tree in turns: ${vals[7]}/s ${vals[8]}/s ${vals[9]}/s)}"
    else
        for m in create stat unlink; do record "$t" "$r" "$m" fail; done
        log "    metabench FAILED"
        sed 's/^/    metabench: /' "$out" | tail -n 5 >&3
        return 1
    fi
}

# warm_up_data: one untimed pass of the kinds of I/O the fio jobs time (1M
# writes and reads of WARM_DATA, 4k random writes for 2 s) on a file of its
# own, removed again: the reason and the evenness are those of
# warm_up_metabench, for the daemon's read and write paths.
warm_up_data() {
    [ "$(to_bytes "$WARM_DATA")" -gt 0 ] || return 0
    local f=$T_DIR/warm.dat log=$RUN_DIR/fio-warmup.log
    local -a common=("${FIO_COMMON[@]}" --filename="$f" --size="$WARM_DATA")
    if ! { step fio "${common[@]}" --name=warm-write --rw=write --bs=1M --invalidate=0 &&
        step fio "${common[@]}" --name=warm-read --rw=read --bs=1M --invalidate=1 &&
        step fio "${common[@]}" --name=warm-randwrite --rw=randwrite --bs=4k --norandommap \
            --time_based --runtime=2 --invalidate=0; } >"$log" 2>&1; then
        log "    data warm-up FAILED (the timed jobs still run)"
        tail -n 5 "$log" | sed 's/^/    fio: /' >&3
    fi
    # A daemon out of fds (passthrough_ll at 20,000 files) cannot remove it.
    rm -f "$f" 2>/dev/null || log "    could not remove the warm-up file"
}

# data_jobs METRIC_SUFFIX WARM_DIR...: the warm-up through each WARM_DIR, then every data job on
# the current pair.
data_jobs() {
    local sfx=$1 m d
    shift
    for d in "$@"; do [ $TIMED_OUT -eq 1 ] || T_DIR=$d warm_up_data; done
    for m in "${DATA_METRICS[@]}"; do
        if [ $TIMED_OUT -eq 1 ]; then
            record "$JOB_TARGET" "$JOB_RUN" "$JOB_PREFIX$m$sfx" fail
            continue
        fi
        # What the jobs before left dirty is written back first: on ext4 its writeback
        # would otherwise slow whichever job comes next.
        step sync || true
        "job_$m" "$m$sfx" || true
    done
}

# run_data_jobs TARGET RUN METRIC_SUFFIX: the data jobs of the target that is up (T_*), a FUSE
# target's in turns with its lower tree.
run_data_jobs() {
    JOB_TARGET=$1 JOB_RUN=$2 JOB_PREFIX= PAIR_RUN=vs_lower_tree
    if [ -n "$T_MNT" ]; then
        PAIR_DIRS=("$T_LOWER" "$T_DIR") PAIR_LOWERS=("$T_LOWER" "$T_LOWER")
    else
        PAIR_DIRS=("$T_DIR") PAIR_LOWERS=("$T_DIR")
    fi
    data_jobs "$3" "$T_DIR"
}

# after_steps TARGET RUN: what a hang or the daemon's log has to say.
after_steps() {
    local t=$1 r=$2
    if [ $TIMED_OUT -eq 1 ] && [ -n "$T_PID" ]; then
        log "    $t hung: skipped the rest of run $r"
        diagnose_hang
    fi
    # The daemon's own messages, if it had anything to say beyond startup.
    if [ -n "$T_PID" ] && grep -q -E 'WARN|ERROR|Exception' "$RUN_DIR/daemon.log"; then
        log "    daemon log has warnings/errors: $RUN_DIR/daemon.log"
        grep -E 'WARN|ERROR|Exception' "$RUN_DIR/daemon.log" | head -n 5 | sed 's/^/    daemon: /' >&3
    fi
}

fail_all() {  # TARGET RUN METRIC...: the target did not come up
    local t=$1 r=$2 m
    shift 2
    for m in "$@"; do record "$t" "$r" "$m" fail; done
}

# bench_one TARGET RUN: fresh tmpfs, target up, all steps, teardown; then
# the data jobs over a fresh ext4 directory (bench_ext4).
bench_one() {
    local t=$1 r=$2
    RUN_DIR=$OUT/$t-run$r
    mkdir -p "$RUN_DIR" "$WORK/$t/fs" "$WORK/$t/mnt"
    T_TMPFS=$WORK/$t/fs
    mount -t tmpfs -o "size=$TMPFS_BYTES,mode=0755" "bench-$t" "$T_TMPFS"
    mkdir "$T_TMPFS/lower" "$T_TMPFS/state"
    log "run $r/$RUNS: $t"
    # A failing step is recorded and the next one still runs: one broken
    # operation should not hide the figures of the others. After a timeout
    # the target is hung: the rest of this run is recorded as failed.
    TIMED_OUT=0
    if "target_$t" "$T_TMPFS/lower" "$WORK/$t/mnt" "$T_TMPFS/state"; then
        run_metabench "$t" "$r" || true
        run_data_jobs "$t" "$r" ""
        after_steps "$t" "$r"
    else
        fail_all "$t" "$r" create stat unlink "${DATA_METRICS[@]}"
    fi
    teardown_target
    [ -z "$EXT4_DIR" ] || bench_ext4 "$t" "$r"
}

# bench_ext4 TARGET RUN: the target over a fresh directory on ext4 (its
# state there too, outside the tree), the data jobs, teardown, removal.
bench_ext4() {
    local t=$1 r=$2 m
    local base=$EXT4_WORK/$t
    RUN_DIR=$OUT/$t-run$r-ext4
    mkdir -p "$RUN_DIR" "$base/lower" "$base/state"
    log "run $r/$RUNS: $t, ext4"
    TIMED_OUT=0
    if "target_$t" "$base/lower" "$WORK/$t/mnt" "$base/state"; then
        run_data_jobs "$t" "$r" _ext4
        after_steps "$t" "$r"
    else
        fail_all "$t" "$r" "${DATA_METRICS[@]/%/_ext4}"
    fi
    teardown_target
    rm -rf --one-file-system "$base"
}

# ------------------------------------------------------------ duels
# A duel: targets A and B mounted side by side over two lower trees on one filesystem (a fresh
# tmpfs, then a fresh directory on ext4), each data job's I/O through A and through B in turns
# (pairio.c), once with A's turns first and once with B's, each for half of the job. The figure
# is A / B, the geometric mean of the two orders (of two writers in turns, the second was seen
# ahead). Why: each target's ratio against its own lower-tree partner is taken minutes apart from
# the other's, and two daemons within a few hundredths of each other swap places from run to
# run; turns 0.1 s apart meet the same machine.

D_PID= D_MNT=          # a duel's target A, up beside its target B (T_*)

# teardown_targets: the current target and a duel's other one.
teardown_targets() {
    local tmpfs=$T_TMPFS
    T_TMPFS=
    teardown_target
    T_MNT=$D_MNT T_PID=$D_PID T_TMPFS=$tmpfs D_MNT= D_PID=
    teardown_target
}

# duel_pairio METRIC MODE AMOUNT FILE_A FILE_B: pairio MODE on A's and B's file in turns, A's
# first and then B's, each for half of AMOUNT; records A / B.
duel_pairio() {
    local m=$1 mode=$2 half=$((($3 + 1) / 2)) fa=$4 fb=$5 out=$RUN_DIR/pairio-$1 vals
    if step "$WORK/pairio" "$mode" "$half" "$fa" "$fb" >"$out-ab.txt" 2>&1 &&
        step "$WORK/pairio" "$mode" "$half" "$fb" "$fa" >"$out-ba.txt" 2>&1 &&
        vals=$(python3 "$BENCH/report.py" duel "$out-ab.txt" "$out-ba.txt"); then
        read -r -a vals <<<"$vals"
        record "$JOB_TARGET" "$JOB_RUN" "$JOB_PREFIX$m" "${vals[0]}"
        log "    $m A / B ${vals[0]} (A first: ${vals[1]} / ${vals[2]}, B first: ${vals[3]} / ${vals[4]})"
    else
        job_failed "$m" "$out"-*.txt
        return 1
    fi
}

# duel_on A B RUN FS METRIC_SUFFIX: A over FS/a and B over FS/b (their state beside them), the
# duel's jobs, teardown. The caller made FS and removes it.
duel_on() {
    local a=$1 b=$2 r=$3 fs=$4 sfx=$5 dir m
    dir=$OUT/duel-$a-$b-run$r${sfx:+-${sfx#_}}
    mkdir -p "$dir/$a" "$dir/$b" "$fs/a" "$fs/b" "$fs/state-a" "$fs/state-b" "$WORK/duel/a" "$WORK/duel/b"
    log "run $r/$RUNS: $a against $b${sfx:+, ${sfx#_}}"
    TIMED_OUT=0
    RUN_DIR=$dir/$a
    if "target_$a" "$fs/a" "$WORK/duel/a" "$fs/state-a"; then
        D_PID=$T_PID D_MNT=$T_MNT PAIR_DIRS=("$T_DIR") PAIR_LOWERS=("${T_LOWER:-$T_DIR}")
        T_PID= T_MNT=
        RUN_DIR=$dir/$b
        if "target_$b" "$fs/b" "$WORK/duel/b" "$fs/state-b"; then
            PAIR_DIRS+=("$T_DIR") PAIR_LOWERS+=("${T_LOWER:-$T_DIR}")
            JOB_TARGET=$a JOB_RUN=$r JOB_PREFIX=duel:$b: PAIR_RUN=duel_pairio RUN_DIR=$dir
            data_jobs "$sfx" "${PAIR_DIRS[@]}"
            [ $TIMED_OUT -eq 0 ] || log "    hung: skipped the rest of this duel"
            teardown_targets
            return 0
        fi
    fi
    for m in "${DATA_METRICS[@]}"; do record "$a" "$r" "duel:$b:$m$sfx" fail; done
    teardown_targets
}

# duel A:B RUN: the duel on a fresh tmpfs, then in a fresh ext4 directory.
duel() {
    local a=${1%%:*} b=${1#*:} r=$2 fs=$WORK/duel/fs
    mkdir -p "$fs"
    mount -t tmpfs -o "size=$((2 * TMPFS_BYTES)),mode=0755" bench-duel "$fs"
    T_TMPFS=$fs
    duel_on "$a" "$b" "$r" "$fs" ""
    [ -n "$EXT4_DIR" ] || return 0
    duel_on "$a" "$b" "$r" "$EXT4_WORK/duel" _ext4
    rm -rf --one-file-system "$EXT4_WORK/duel"
}

# ------------------------------------------------------------ main
to_bytes() {  # 1g, 512m, 64k, 1000 -> bytes (fio's meaning: powers of 2)
    local n=${1%[kKmMgG]} u=${1##*[0-9]}
    [[ $n =~ ^[0-9]+$ ]] || die "bad size: $1"
    case $u in
        '') echo "$n" ;; k|K) echo $((n << 10)) ;;
        m|M) echo $((n << 20)) ;; g|G) echo $((n << 30)) ;;
        *) die "bad size: $1" ;;
    esac
}

check_setup() {
    [ "$(id -u)" -eq 0 ] || die "run as root: it mounts tmpfs and FUSE file systems"
    [[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
    [[ $FILES =~ ^[1-9][0-9]*$ ]] || die "FILES must be a positive integer"
    [[ $WARM_FILES =~ ^[0-9]+$ ]] || die "WARM_FILES must be a non-negative integer"
    to_bytes "$WARM_DATA" >/dev/null
    if [ -n "$EXT4_DIR" ] && [ "$(findmnt -n -o FSTYPE --target "$EXT4_DIR")" != ext4 ]; then
        die "EXT4_DIR=$EXT4_DIR is not on ext4 (set EXT4_DIR to a directory on ext4, or empty for tmpfs only)"
    fi
    local t c
    for t in $TARGETS; do
        declare -F "target_$t" >/dev/null || die "unknown target '$t' (no function target_$t)"
    done
    if [[ " $TARGETS " == *" handlefs_"*"_b "* || " $TARGETS " == *" handlefs_b "* ]] && [ -z "$HANDLEFS_B_CMD" ]; then
        die "targets handlefs_b and handlefs_daemon_io_b need HANDLEFS_B_CMD (the second build's mount command)"
    fi
    if [[ " $TARGETS " == *" handlefs_uring "* ]] && [ ! -w "$URING_SWITCH" ]; then
        log "skipping handlefs_uring: this kernel has no FUSE over io_uring ($URING_SWITCH)"
        TARGETS=$(printf '%s\n' $TARGETS | grep -vx handlefs_uring | tr '\n' ' ')
    fi
    if [[ " $TARGETS " == *" passthrough_hp "* ]] && [ ! -x "$PASSTHROUGH_HP" ]; then
        log "skipping passthrough_hp: not built on this machine (build libfuse's example/passthrough_hp and set PASSTHROUGH_HP)"
        TARGETS=$(printf '%s\n' $TARGETS | grep -vx passthrough_hp | tr '\n' ' ')
    fi
    local d kept=
    for d in $DUELS; do
        [[ $d =~ ^[a-z_]+:[a-z_]+$ ]] || die "bad duel '$d' (want TARGET:TARGET)"
        if [[ " $TARGETS " == *" ${d%%:*} "* && " $TARGETS " == *" ${d#*:} "* ]]; then
            kept+="$d "
        else
            log "skipping the duel $d: not both in TARGETS"
        fi
    done
    DUELS=${kept% }
    local -a missing=()
    for c in fio bindfs gcc python3 timeout setsid; do
        command -v "$c" >/dev/null || missing+=("$c")
    done
    ldconfig -p | grep -q 'libfuse\.so\.2 ' || missing+=(libfuse2)   # the jnr-fuse target's library
    [ -f "$PASSTHROUGH_LL_SRC" ] && command -v pkg-config >/dev/null || missing+=(libfuse3-dev)
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing fio bindfs gcc python3 libfuse2 libfuse3-dev pkg-config (missing: ${missing[*]})"
        apt-get update -q >&3 && DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -q fio bindfs gcc python3 libfuse2 libfuse3-dev pkg-config >&3 \
            || die "apt-get install failed"
    fi
}

# The handlefs launcher builds the jar when it is missing or older than the
# sources; do that here, before any timing and outside the mount timeout. Every
# run needs it: teardown aborts a hung mount of any target with it.
build_handlefs() {
    log "building handlefs if needed"
    timeout 900 "$REPO/handlefs" --version >&3 || die "cannot build/run $REPO/handlefs"
}

# The jnr-fuse passthrough: built with its own small pom (not in the reactor).
build_jnrfuse() {
    [[ " $TARGETS " == *" jnrfuse "* ]] || return 0
    log "building the jnr-fuse passthrough"
    timeout 900 mvn -B -q -f "$JNRFUSE_DIR/pom.xml" package >&3 || die "cannot build $JNRFUSE_DIR"
    JNRFUSE_CLASSPATH=$JNRFUSE_DIR/target/jnrfuse-passthrough-0.1.0-SNAPSHOT.jar:$(cat "$JNRFUSE_DIR/target/classpath.txt")
}

build_passthrough_ll() {
    [[ " $TARGETS " == *" passthrough_ll "* ]] || return 0
    # shellcheck disable=SC2046  # pkg-config's flags are separate words
    gcc -O2 -o "$WORK/libfuse-passthrough_ll" "$PASSTHROUGH_LL_SRC" $(pkg-config fuse3 --cflags --libs) ||
        die "cannot build $PASSTHROUGH_LL_SRC"
}

# Other people's builds share the machine: the load goes beside the figures.
load_now() {
    uptime | sed 's/.*load average: /load average /'
}

write_meta() {
    {
        printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
        printf 'command\t%s\n' "RUNS=$RUNS FILES=$FILES WARM_FILES=$WARM_FILES FIO_SIZE=$FIO_SIZE TARGETS=\"$TARGETS\" DUELS=\"$DUELS\" tests/bench/run.sh"
        printf 'machine\t%s\n' "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
        printf 'kernel\t%s\n' "$(uname -r)"
        printf 'jdk\t%s\n' "$(java -version 2>&1 | head -n 1)"
        printf 'tools\t%s\n' "$(fio --version), bindfs $(bindfs --version 2>&1 | awk '{ print $2; exit }'), gcc $(gcc -dumpversion)"
        printf 'lower\t%s\n' "a fresh tmpfs (size $TMPFS_BYTES bytes) per target and run${EXT4_DIR:+; for the rows marked ext4 a fresh directory in $EXT4_DIR ($(findmnt -n -o SOURCE,OPTIONS --target "$EXT4_DIR"))}"
        printf 'handlefs\t%s\n' "$HANDLEFS_CMD${HANDLEFS_OPTS:+ -o $HANDLEFS_OPTS}"
        [ -z "$HANDLEFS_B_CMD" ] || printf 'handlefs_b\t%s\n' "$HANDLEFS_B_CMD${HANDLEFS_OPTS:+ -o $HANDLEFS_OPTS}"
        printf 'jnrfuse\t%s\n' "jnr-fuse 0.5.7 on libfuse $(dpkg-query -W -f='${Version}' libfuse2 2>/dev/null), tests/bench/jnrfuse"
        printf 'passthrough_ll\t%s\n' "libfuse $(dpkg-query -W -f='${Version}' libfuse3-dev 2>/dev/null) example/passthrough_ll.c, its defaults"
        printf 'passthrough_hp\t%s\n' "${PASSTHROUGH_HP:-not built on this machine}"
        printf 'bindfs\t%s\n' "$BINDFS_CMD"
        printf 'metabench\t%s\n' "$FILES files, after an untimed warm-up pass of $WARM_FILES files on the same mount"
        printf 'data\t%s\n' "after an untimed fio pass over $WARM_DATA (1M writes, 1M reads, 4k random writes for 2 s) on the same mount, a file of $FIO_SIZE: seq writes 1M (fdatasync every 64M), seq reads 1M for ${DATA_RUNTIME}s (the FUSE page cache dropped before each pass), 4k random writes for ${DATA_RUNTIME}s (fdatasync at the end) and warm 4k random reads for ${DATA_RUNTIME}s by pairio, for FUSE targets in turns with the lower tree"
        printf 'duels\t%s\n' "${DUELS:-none}${DUELS:+: each pair mounted side by side over two lower trees on one filesystem, every data job through both in turns, both orders, each for half of the job}"
        printf 'memory\t%s\n' "${REPORTING_BEFORE:+free page reporting off for the run (order $REPORTING_BEFORE -> $(cat "$REPORTING_ORDER")), free memory but 1 GiB touched once before}"
        printf 'runs\t%s\n' "$RUNS"
        printf 'load at start\t%s\n' "$(load_now)"
    } >"$OUT/meta.tsv"
}

# keep_memory_backed: for the run, free page reporting stops (its order set above the buddy
# allocator's largest) and all but 1 GiB of the free memory is used once, so that every job
# allocates memory the host already backs. Restored at exit; nothing to do where there is none.
keep_memory_backed() {
    [ -w "$REPORTING_ORDER" ] || return 0
    REPORTING_BEFORE=$(cat "$REPORTING_ORDER")
    awk '{ print NF - 4; exit }' /proc/buddyinfo >"$REPORTING_ORDER"
    local kib
    kib=$(awk '/MemFree/ { print $2 - 1048576 }' /proc/meminfo)
    [ "$kib" -gt 0 ] || return 0
    log "touching ${kib} KiB once with free page reporting off"
    mkdir -p "$WORK/touch"
    mount -t tmpfs -o "size=${kib}k" bench-touch "$WORK/touch"
    fallocate -l "${kib}KiB" "$WORK/touch/all" || log "fallocate failed: jobs may meet memory the host took back"
    umount "$WORK/touch"
}

WORK= EXT4_WORK=
cleanup() {
    local rc=$?
    trap '' INT TERM
    [ -z "$CHILD" ] || kill -KILL "$CHILD" 2>/dev/null || true
    teardown_targets
    [ -z "$WORK" ] || umount "$WORK/touch" 2>/dev/null || true
    remove_work "$WORK"
    remove_work "$EXT4_WORK"
    [ -z "$REPORTING_BEFORE" ] || echo "$REPORTING_BEFORE" >"$REPORTING_ORDER" || true
    if [ -n "$URING_BEFORE" ]; then
        if [ "$URING_BEFORE" = Y ]; then echo 1; else echo 0; fi >"$URING_SWITCH" || true
    fi
    exit $rc
}

main() {
    check_setup
    mkdir -p "$OUT"
    : >"$OUT/raw.tsv"
    WORK=$(mktemp -d /tmp/handlefs-bench-mnt.XXXXXX)
    trap cleanup EXIT
    [ -z "$EXT4_DIR" ] || EXT4_WORK=$(mktemp -d "$EXT4_DIR/handlefs-bench-ext4.XXXXXX")
    trap 'log interrupted; exit 130' INT
    trap 'log terminated; exit 143' TERM
    # the data jobs' two files (the target's and its partner's), the warm-up's file, the empty files, and room
    # for the daemon's state
    TMPFS_BYTES=$((2 * $(to_bytes "$FIO_SIZE") + $(to_bytes "$WARM_DATA") + (256 << 20)))
    gcc -O2 -Wall -o "$WORK/metabench" "$BENCH/metabench.c"
    gcc -O2 -Wall -o "$WORK/pairio" "$BENCH/pairio.c"
    build_handlefs
    build_jnrfuse
    build_passthrough_ll
    keep_memory_backed
    write_meta
    log "results in $OUT"
    local r t d
    # Runs interleave the targets (run 1 of each, then run 2, ...) so that
    # the load of other processes on the machine falls on all of them alike.
    for r in $(seq "$RUNS"); do
        for t in $TARGETS; do bench_one "$t" "$r"; done
        for d in $DUELS; do duel "$d" "$r"; done
    done
    printf 'load at end\t%s\n' "$(load_now)" >>"$OUT/meta.tsv"
    printf '%s\n' $TARGETS >"$OUT/targets.txt"
    python3 "$BENCH/report.py" table "$OUT" | tee "$OUT/report.md"
}

main "$@"
