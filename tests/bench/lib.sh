# Shared by run.sh and scale.sh (sourced; each defines log()).

fstype_at() {  # fstype of the mount at $1, empty if none
    awk -v m="$1" '$2 == m { t = $3 } END { print t }' /proc/mounts
}

# remove_work DIR: delete a script's scratch tree, but only if nothing is still mounted below it
# (rm --one-file-system would stop there anyway; saying so is what an operator needs).
remove_work() {
    [ -n "$1" ] || return 0
    if grep -q " $1/" /proc/mounts; then
        log "WARNING: mounts left under $1: $(awk -v w="$1/" 'index($2, w) == 1 { printf "%s ", $2 }' /proc/mounts)"
    else
        rm -rf --one-file-system "$1"
    fi
}
