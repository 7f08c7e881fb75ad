#!/usr/bin/env bash
# End-to-end cost of the check: the sample application with 100,000 entries (loaded from a file)
# under wrk, once with the check on and once with it off (ip-whitelist.enabled=false), same
# machine, same run. wrk comes from Debian (apt-get install wrk).
#
#   usage: scripts/throughput.sh [seconds] [connections]     (default 20 s, 32 connections)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
connections=${2:-32}
port=18090
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
./mvnw -B -q -DskipTests package
list=$(mktemp)
# 100,000 random /32 and /24 entries (none of them 127.0.0.0/8), plus this machine.
awk 'BEGIN { srand(7); print "127.0.0.1 this machine";
  for (i = 0; i < 100000; i++) { a = 1 + int(rand() * 125); b = int(rand() * 256); c = int(rand() * 256);
    if (i % 10 == 0) printf "%d.%d.%d.0/24\n", a, b, c; else printf "%d.%d.%d.%d\n", a, b, c, int(rand() * 256) } }' \
  | sort -u -t' ' -k1,1 > "$list"
run() {
  local enabled=$1
  java -jar sample-app/target/sample-app-0.1.0-SNAPSHOT.jar --server.port=$port --logging.level.root=warn \
    --ip-whitelist.enabled="$enabled" --ip-whitelist.sources[0].location="file:$list" > /dev/null 2>&1 &
  local app=$!
  for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$port/status" && break; sleep 1; done
  wrk -t2 -c"$connections" -d10s "http://127.0.0.1:$port/status" > /dev/null
  echo "=== ip-whitelist.enabled=$enabled"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/status" | tee "$list.$enabled"
  kill $app; wait $app 2>/dev/null || true
}
run true
run false
on=$(awk '/Requests\/sec/ {print $2}' "$list.true")
off=$(awk '/Requests\/sec/ {print $2}' "$list.false")
awk -v on="$on" -v off="$off" 'BEGIN { printf "throughput with the check: %.1f %% of without (%s vs %s req/s)\n", 100 * on / off, on, off }'
rm -f "$list" "$list.true" "$list.false"
