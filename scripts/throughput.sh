#!/usr/bin/env bash
# End-to-end cost of the check: a sample with 100,000 entries (loaded from a file) under wrk,
# with the check on and with it off (ip-whitelist.enabled=false, which turns the whole
# auto-configuration off, so that instance does not load the list). Both applications run side
# by side and are measured in alternation (on, off, on, off, ...), after a 30-second warm-up of
# each, so that JIT and machine noise hit both alike; the medians are compared.
#   servlet:  the payments sample on Tomcat, GET /status (a page only the address check guards)
#   reactive: the gateway sample (Spring Cloud Gateway on Reactor Netty), its own GET /edge/ping
#             (no backend), rate limit off in both
# wrk comes from Debian (apt-get install wrk).
#
#   usage: scripts/throughput.sh [seconds per round] [rounds] [connections] [servlet|reactive]
#          (default 15 5 32 servlet)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-15}
rounds=${2:-5}
connections=${3:-32}
stack=${4:-servlet}
case "$stack" in
  servlet) module=sample-app; path=/status; on_port=18090; off_port=18091; extra=() ;;
  reactive) module=sample-gateway; path=/edge/ping; on_port=18092; off_port=18093
    extra=(--ip-whitelist.rate-limit.enabled=false) ;;
  *) echo "the stack is servlet or reactive, not $stack" >&2; exit 1 ;;
esac
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
./mvnw -B -q -DskipTests package -pl "$module" -am
work=$(mktemp -d)
# 100,000 random /32 and /24 entries (none in 127.0.0.0/8), plus this machine.
awk 'BEGIN { srand(7); print "127.0.0.1 this machine";
  for (i = 0; i < 100000; i++) { a = 1 + int(rand() * 125); b = int(rand() * 256); c = int(rand() * 256);
    if (i % 10 == 0) printf "%d.%d.%d.0/24\n", a, b, c; else printf "%d.%d.%d.%d\n", a, b, c, int(rand() * 256) } }' \
  | sort -u -t' ' -k1,1 > "$work/list.txt"
echo "entries in the list: $(wc -l < "$work/list.txt")"
start() {
  java -jar "$module/target/$module-0.1.0-SNAPSHOT.jar" --server.port="$1" --logging.level.root=warn \
    --ip-whitelist.enabled="$2" --ip-whitelist.sources[0].location="file:$work/list.txt" ${extra[@]+"${extra[@]}"} \
    > "$work/app-$1.log" 2>&1 &
  echo $!
}
on_pid=$(start $on_port true)
off_pid=$(start $off_port false)
trap 'kill $on_pid $off_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for port in $on_port $off_port; do
  for _ in $(seq 1 90); do curl -s -o /dev/null "http://127.0.0.1:$port$path" && break; sleep 1; done
  wrk -t2 -c"$connections" -d30s "http://127.0.0.1:$port$path" > /dev/null
done
for round in $(seq 1 "$rounds"); do
  for mode in on off; do
    port=$on_port; [ $mode = off ] && port=$off_port
    wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port$path" > "$work/$mode-$round.txt"
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/$mode-$round.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$work/$mode-$round.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$work/$mode-$round.txt")
    echo "round $round check $mode: $rps req/s, p50 $p50, p99 $p99"
    echo "$rps" >> "$work/$mode.rps"
  done
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
on=$(median "$work/on.rps")
off=$(median "$work/off.rps")
awk -v on="$on" -v off="$off" 'BEGIN { printf "median throughput with the check: %.1f %% of without (%s vs %s req/s)\n", 100 * on / off, on, off }'
