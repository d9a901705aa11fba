#!/usr/bin/env bash
# SMB throughput: handlefs's SMB server beside Samba's smbd, one share directory on tmpfs.
#   tests/bench/smb-throughput.sh              # share on a fresh tmpfs
#   SHARE_FS=ext4 tests/bench/smb-throughput.sh  # share in a directory under /tmp (ext4 here)
# As root. Creates a SIZE_MIB file in a fresh tmpfs (or the /tmp filesystem), serves that directory with
# `handlefs serve` (port HF_PORT) and with smbd (standalone smb.conf, port SAMBA_PORT), then
# times `smbclient -m SMB3 -c 'get big /dev/null'` and `put` of the same file, RUNS runs each
# (interleaved: one get per server, then one put per server, per run), after one untimed get
# per server. Prints the median MiB/s of each server and the ratio handlefs/Samba.
# The client is the same smbclient for both; it runs on the same machine.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
runs=${RUNS:-3}
size_mib=${SIZE_MIB:-1024}
hf_port=${HF_PORT:-14480}
samba_port=${SAMBA_PORT:-14481}
user=${SMB_USER:-$(getent passwd 1000 | cut -d: -f1)}
pass=bench
step_timeout=${STEP_TIMEOUT:-300}
out=${OUT:-/tmp/smb-throughput-$(date +%Y%m%d-%H%M%S)}
[ "$(id -u)" -eq 0 ] || { echo "smb-throughput: run as root (tmpfs mount, smbd)" >&2; exit 1; }
[ -n "$user" ] || { echo "smb-throughput: no user with uid 1000; set SMB_USER" >&2; exit 1; }
uid=$(id -u "$user") gid=$(id -g "$user")
for c in smbd smbclient smbpasswd; do
  command -v $c >/dev/null || { echo "smb-throughput: needs $c (apt-get install samba smbclient)" >&2; exit 1; }
done

for p in "$hf_port" "$samba_port"; do
  if ss -ltnH "sport = :$p" | grep -q .; then echo "smb-throughput: port $p is in use" >&2; exit 1; fi
done
mkdir -p "$out"
tmp=$(mktemp -d /tmp/smb-throughput.XXXXXX)
share=$tmp/share
hf_pid='' samba_pid=''
cleanup() {
  set +e
  if [ -n "$hf_pid" ]; then kill "$hf_pid" 2>/dev/null; wait "$hf_pid" 2>/dev/null; fi
  if [ -n "$samba_pid" ]; then
    # smbd's children (notifyd, cleanupd, one per connection) by id, then smbd itself
    local kids
    kids=$(pgrep -P "$samba_pid")
    kill "$samba_pid" 2>/dev/null
    [ -n "$kids" ] && kill $kids 2>/dev/null
    wait "$samba_pid" 2>/dev/null
  fi
  mountpoint -q "$tmp" && umount "$tmp"
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# The share (1 GiB file plus room for one put) and both servers' state live on one tmpfs,
# or in the scratch directory itself with SHARE_FS=ext4.
share_fs=${SHARE_FS:-tmpfs}
if [ "$share_fs" = tmpfs ]; then
  mount -t tmpfs -o size=$((2 * size_mib + 256))m tmpfs "$tmp"
else
  chmod 755 "$tmp"   # mktemp's 0700 would keep the share's user out (a tmpfs root is 1777)
fi
mkdir -p "$share" "$tmp/hf-state" "$tmp/samba"/{lock,state,cache,private,run}
dd if=/dev/urandom of="$share/big" bs=1M count="$size_mib" status=none
chown -R "$uid:$gid" "$share"

# handlefs
# (the launcher builds the jar first if it is missing or stale)
echo "$pass" | "$repo/handlefs" user add "$user" --uid "$uid" --gid "$gid" --state-dir "$tmp/hf-state" >/dev/null
printf '[global]\naddress = 127.0.0.1\nport = %d\n[data]\npath = %s\nread only = no\n' \
  "$hf_port" "$share" > "$tmp/hf.conf"
"$repo/handlefs" serve --config "$tmp/hf.conf" --state-dir "$tmp/hf-state" > "$out/handlefs.log" 2>&1 &
hf_pid=$!

# Samba, standalone, its own directories
cat > "$tmp/smb.conf" <<EOF
[global]
server role = standalone server
smb ports = $samba_port
interfaces = lo
bind interfaces only = yes
disable netbios = yes
lock directory = $tmp/samba/lock
state directory = $tmp/samba/state
cache directory = $tmp/samba/cache
private dir = $tmp/samba/private
pid directory = $tmp/samba/run
ncalrpc dir = $tmp/samba/run/ncalrpc
passdb backend = tdbsam:$tmp/samba/private/passdb.tdb
log file = $out/smbd.log
load printers = no
printing = bsd
printcap name = /dev/null
disable spoolss = yes
[data]
path = $share
read only = no
EOF
printf '%s\n%s\n' "$pass" "$pass" | smbpasswd -c "$tmp/smb.conf" -s -a "$user" >/dev/null
smbd --foreground --no-process-group -s "$tmp/smb.conf" > "$out/smbd.stdout" 2>&1 &
samba_pid=$!

wait_up() { # NAME PORT
  local i
  for i in $(seq 1 600); do
    if timeout 10 smbclient "//127.0.0.1/data" -p "$2" -U "$user%$pass" -m SMB3 -c ls >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  echo "smb-throughput: $1 did not answer on port $2 within 60 s (logs in $out)" >&2
  exit 1
}
wait_up handlefs "$hf_port"
wait_up samba "$samba_port"

# Seconds (with fractions) that one smbclient command takes; fails the script on error.
timed() { # PORT COMMAND
  local t0 t1
  t0=$(date +%s.%N)
  if ! timeout "$step_timeout" smbclient "//127.0.0.1/data" -p "$1" -U "$user%$pass" -m SMB3 -c "$2" \
      >> "$out/smbclient.log" 2>&1; then
    echo "smb-throughput: '$2' on port $1 failed or timed out (see $out/smbclient.log)" >&2
    exit 1
  fi
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

echo "share on $share_fs ($(stat -f -c %T "$share")); load at start: $(uptime)" | tee "$out/report.txt"
# warm-up (untimed): the JVM compiles its read path, both servers have seen the file
timed "$hf_port" 'get big /dev/null' >/dev/null
timed "$samba_port" 'get big /dev/null' >/dev/null
: > "$out/raw.tsv"
for r in $(seq 1 "$runs"); do
  for t in handlefs:$hf_port samba:$samba_port; do
    secs=$(timed "${t#*:}" 'get big /dev/null') || exit 1
    echo -e "${t%%:*}\tget\t$r\t$secs" >> "$out/raw.tsv"
  done
  for t in handlefs:$hf_port samba:$samba_port; do
    secs=$(timed "${t#*:}" "lcd $share; put big big.put; del big.put") || exit 1
    echo -e "${t%%:*}\tput\t$r\t$secs" >> "$out/raw.tsv"
  done
done
echo "load at end: $(uptime)" | tee -a "$out/report.txt"

python3 - "$out/raw.tsv" "$size_mib" "$runs" <<'EOF' | tee -a "$out/report.txt"
import statistics, sys
rows = [l.split('\t') for l in open(sys.argv[1]).read().splitlines()]
mib = float(sys.argv[2])
rate = {}
for target, op, run, secs in rows:
    rate.setdefault((target, op), []).append(mib / float(secs))
print(f"{int(mib)} MiB file, smbclient -m SMB3, median of {sys.argv[3]} runs (MiB/s; every run in brackets)")
print(f"| op  | handlefs | Samba | handlefs/Samba |")
print(f"| --- | -------: | ----: | -------------: |")
for op in ('get', 'put'):
    h, s = rate[('handlefs', op)], rate[('samba', op)]
    mh, ms = statistics.median(h), statistics.median(s)
    fmt = lambda v: ' '.join(f'{x:.0f}' for x in v)
    print(f"| {op} | {mh:.0f} ({fmt(h)}) | {ms:.0f} ({fmt(s)}) | {mh / ms:.2f} |")
EOF
echo "raw figures and logs: $out"
