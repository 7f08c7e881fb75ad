#!/usr/bin/env bash
# End-to-end cost of the check on the reactive stack: the gateway sample (Spring Cloud Gateway on
# Reactor Netty) with 100,000 entries loaded from a file, under wrk, with the check on and with it
# off (ip-whitelist.enabled=false), side by side and measured in alternation after a 30-second
# warm-up of each, as scripts/throughput.sh does for the servlet sample. The request is the
# gateway's own GET /edge/ping (no backend: what is measured is the edge). The gateway's rate
# limit is off in both. wrk comes from Debian (apt-get install wrk).
#
#   usage: scripts/throughput-reactive.sh [seconds per round] [rounds] [connections]   (default 15 5 32)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
rounds=${2:-5}
connections=${3:-32}
on_port=18092
off_port=18093
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
./mvnw -B -q -DskipTests package -pl sample-gateway -am
work=$(mktemp -d)
awk 'BEGIN { srand(7); print "127.0.0.1 this machine";
  for (i = 0; i < 100000; i++) { a = 1 + int(rand() * 125); b = int(rand() * 256); c = int(rand() * 256);
    if (i % 10 == 0) printf "%d.%d.%d.0/24\n", a, b, c; else printf "%d.%d.%d.%d\n", a, b, c, int(rand() * 256) } }' \
  | sort -u -t' ' -k1,1 > "$work/list.txt"
echo "entries in the list: $(wc -l < "$work/list.txt")"
start() {
  java -jar sample-gateway/target/sample-gateway-0.1.0-SNAPSHOT.jar --server.port="$1" --logging.level.root=warn \
    --ip-whitelist.enabled="$2" --ip-whitelist.rate-limit.enabled=false \
    --ip-whitelist.sources[0].location="file:$work/list.txt" > "$work/app-$1.log" 2>&1 &
  echo $!
}
on_pid=$(start $on_port true)
off_pid=$(start $off_port false)
trap 'kill $on_pid $off_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for port in $on_port $off_port; do
  for _ in $(seq 1 90); do curl -s -o /dev/null "http://127.0.0.1:$port/edge/ping" && break; sleep 1; done
  wrk -t2 -c"$connections" -d30s "http://127.0.0.1:$port/edge/ping" > /dev/null
done
for round in $(seq 1 "$rounds"); do
  for mode in on off; do
    port=$on_port; [ $mode = off ] && port=$off_port
    wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/edge/ping" > "$work/$mode-$round.txt"
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/$mode-$round.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$work/$mode-$round.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$work/$mode-$round.txt")
    non2xx=$(awk '/Non-2xx/ {print $4}' "$work/$mode-$round.txt")
    echo "round $round check $mode: $rps req/s, p50 $p50, p99 $p99${non2xx:+, non-2xx $non2xx}"
    echo "$rps" >> "$work/$mode.rps"
  done
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
on=$(median "$work/on.rps")
off=$(median "$work/off.rps")
awk -v on="$on" -v off="$off" 'BEGIN { printf "median throughput with the check: %.1f %% of without (%s vs %s req/s)\n", 100 * on / off, on, off }'
