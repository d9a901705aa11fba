#!/usr/bin/env bash
# Runs smbtorture suites against an SMB server on 127.0.0.1 and prints, per suite, how many
# tests passed, failed, errored and were skipped (one line each, then a total).
#   tests/bench/smbtorture.sh PORT SHARE USER%PASSWORD [SUITE...]
# Every suite is bounded in time (SUITE_TIMEOUT seconds, default 300); the raw output goes to
# $OUT (default /tmp/smbtorture-PORT).
set -uo pipefail
port=$1 share=$2 cred=$3
shift 3
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(smb2.connect smb2.read smb2.rw smb2.getinfo smb2.setinfo smb2.dir smb2.create
  smb2.lock smb2.compound smb2.rename smb2.credits)
out=${OUT:-/tmp/smbtorture-$port}
mkdir -p "$out"
conf="$out/client.conf"
printf '[global]\n' > "$conf"
tp=0 tf=0 te=0 ts=0
printf '%-20s %6s %6s %6s %6s\n' suite pass fail error skip
for s in "${suites[@]}"; do
  timeout "${SUITE_TIMEOUT:-300}" smbtorture "//127.0.0.1/$share" -p "$port" -U "$cred" -s "$conf" \
    --option=torture:timelimit=10 "$s" > "$out/$s.log" 2>&1
  p=$(grep -c '^success: ' "$out/$s.log"); f=$(grep -c '^failure: ' "$out/$s.log")
  e=$(grep -c '^error: ' "$out/$s.log"); k=$(grep -c '^skip: ' "$out/$s.log")
  printf '%-20s %6d %6d %6d %6d\n' "$s" "$p" "$f" "$e" "$k"
  tp=$((tp + p)) tf=$((tf + f)) te=$((te + e)) ts=$((ts + k))
done
printf '%-20s %6d %6d %6d %6d\n' total "$tp" "$tf" "$te" "$ts"
