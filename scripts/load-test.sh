#!/usr/bin/env bash
# Load test of the sample application from several loopback source addresses: allowed traffic
# (127.0.0.1 and ::1, signed requests, expect 200) mixed with denied traffic (127.0.0.5 and
# 127.0.0.6, expect 403/1451), for a fixed time. Prints throughput and latency percentiles,
# and checks that there were no errors besides the intended denials and that the endpoint's
# counts moved by exactly what was sent.
#
#   usage: scripts/load-test.sh [seconds]      (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
port=18089
./mvnw -B -q -DskipTests package
java -jar sample-app/target/sample-app-0.1.0-SNAPSHOT.jar --server.port=$port \
  --sample.security.nonce-cache-size=2000000 > target-load-app.log 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true; wait $app 2>/dev/null || true; rm -f target-load-app.log' EXIT
for _ in $(seq 1 60); do
  curl -s -o /dev/null "http://127.0.0.1:$port/actuator/health" && break
  sleep 1
done
java -cp whitelist-benchmarks/target/benchmarks.jar io.github.ipwhitelist.benchmarks.LoadClient \
  $port "$seconds" 127.0.0.1:allow ::1:allow 127.0.0.5:deny 127.0.0.6:deny
