# Shared by ab.sh and roundtrip.sh (sourced): a scratch directory W with a tmpfs at $W/fs and a
# daemon (pid PID) mounting at $W/mnt, taken down on exit whatever state a variant left.
W=$(mktemp -d "/tmp/handlefs-$1.XXXXXX")
PID=
mkdir -p "$W/fs" "$W/mnt"

scratch_cleanup() {
    set +e
    if grep -q " $W/mnt " /proc/mounts; then timeout -k 2 10 umount "$W/mnt" || umount -l "$W/mnt"; fi
    if [ -n "$PID" ]; then
        for _ in $(seq 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$PID" 2>/dev/null
    fi
    if grep -q " $W/fs " /proc/mounts; then umount "$W/fs"; fi
    rm -rf --one-file-system "$W"
}
trap scratch_cleanup EXIT

await_mount() {  # NAME: waits up to a minute for the daemon's FUSE mount at $W/mnt
    for _ in $(seq 300); do grep -q " $W/mnt fuse" /proc/mounts && return 0; sleep 0.2; done
    echo "$(basename "$0"): $1 did not mount:" >&2
    tail "$W/daemon.log" >&2
    exit 1
}

unmount_daemon() {  # unmounts $W/mnt and waits (bounded) for the daemon to exit
    timeout -k 2 10 umount "$W/mnt"
    for _ in $(seq 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    PID=
}
