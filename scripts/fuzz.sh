#!/usr/bin/env bash
# Fuzzes the parsers with Jazzer (libFuzzer) until 10 million executions or 30 minutes per
# target, whichever comes first. Findings are written as new regression inputs under
# whitelist-spring-boot-autoconfigure/src/test/resources/io/github/ipwhitelist/fuzz/ParserFuzzTestsInputs/
# and replay in every normal test run from then on.
#
#   usage: scripts/fuzz.sh [target ...]
#   targets: addressParser prefixParser xForwardedFor forwarded resolveAndDecide (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(addressParser prefixParser xForwardedFor forwarded resolveAndDecide)
fi
./mvnw -B -q -DskipTests install -pl whitelist-spring-boot-autoconfigure -am
for target in "${targets[@]}"; do
  echo "=== fuzzing ParserFuzzTests#${target}"
  JAZZER_FUZZ=1 ./mvnw -B -pl whitelist-spring-boot-autoconfigure surefire:test@fuzz-regression \
    -Dtest="ParserFuzzTests#${target}" -Dsurefire.failIfNoSpecifiedTests=false
done
