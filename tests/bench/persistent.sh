#!/usr/bin/env bash
# The cost of continuous availability on handlefs's SMB server:
#   tests/bench/persistent.sh
# As root. Serves two shares of the same directory on the same disk (DIR, default a fresh
# directory under /var/tmp: a disk, since write-through on tmpfs costs nothing) with
# `handlefs serve` on 127.0.0.1:PORT, one marked CA (ca = yes), one not, and runs
# io.handlefs.tests.PersistentBench (the tests' own SMB client, SMB 3.0.2) against them:
# CREATES new-file CREATEs with a persistent handle (DH2Q, committed to LMDB before the reply)
# against plain CREATEs, and WRITE_MIB MiB of sequential 64 KiB WRITEs on the CA share
# (write-through: the share's files are opened O_DSYNC) against the plain share. Prints both rates and
# both ratios. Needs fuse-daemon/target/handlefs.jar and tests/target/test-classes
# (mvn -o -q package -pl tests -am -DskipTests).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
port=${PORT:-15130}
creates=${CREATES:-2000}
write_mib=${WRITE_MIB:-256}
jar=$repo/fuse-daemon/target/handlefs.jar
classes=$repo/tests/target/test-classes
[ "$(id -u)" -eq 0 ] || { echo "persistent.sh: run as root" >&2; exit 1; }
[ -f "$jar" ] && [ -f "$classes/io/handlefs/tests/PersistentBench.class" ] || {
  echo "persistent.sh: build first: mvn -o -q package -pl tests -am -DskipTests" >&2; exit 1; }
if ss -ltnH "sport = :$port" | grep -q .; then echo "persistent.sh: port $port is in use" >&2; exit 1; fi
tmp=$(mktemp -d "${DIR:-/var/tmp}/persistent-bench.XXXXXX")
pid=''
cleanup() {
  set +e
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  rm -rf --one-file-system "$tmp"
}
trap cleanup EXIT
mkdir -p "$tmp/share" "$tmp/state"
echo bench | java -jar "$jar" user add bench --uid 0 --gid 0 --state-dir "$tmp/state" > /dev/null
cat > "$tmp/smb.conf" <<CONF
[global]
address = 127.0.0.1
port = $port
[ca]
path = $tmp/share
ca = yes
[plain]
path = $tmp/share
CONF
java -jar "$jar" serve --config "$tmp/smb.conf" --state-dir "$tmp/state" > "$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 300); do
  ss -ltnH "sport = :$port" | grep -q . && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/serve.log" >&2; exit 1; }
  sleep 0.1
done
echo "share directory: $tmp/share ($(stat -f -c %T "$tmp/share")), $(nproc) cores, $(date -u +%FT%TZ)"
timeout 600 java -cp "$jar:$classes" io.handlefs.tests.PersistentBench "$port" bench bench ca plain "$creates" "$write_mib"
