#!/usr/bin/env bash
# JMH benchmarks of the AI routing hot code (sample-gateway/bench/jmh, Maven profile `bench`).
#
#   sample-gateway/bench/jmh.sh                 # all benchmarks, ~2.5 minutes, GC allocation profiler on
#   sample-gateway/bench/jmh.sh 'Anthropic'     # a regex of benchmark names, plus any JMH options
#
# Results: sample-gateway/target/bench/jmh-<stamp>.txt (human-readable) and .json. Bounded by MAX_SECONDS (600).
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MODULE_DIR=$(dirname "$BENCH_DIR")
ROOT_DIR=$(dirname "$MODULE_DIR")
MAX_SECONDS=${MAX_SECONDS:-600}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$ROOT_DIR" && timeout 600 mvn -q -B -Pbench -DskipTests -pl sample-gateway -am process-test-classes) >&2
fi
CP="$MODULE_DIR/target/test-classes:$MODULE_DIR/target/classes:$(cat "$MODULE_DIR/target/jmh-classpath.txt")"
STAMP=$(date +%Y%m%d-%H%M%S)
mkdir -p "$MODULE_DIR/target/bench"
OUT="$MODULE_DIR/target/bench/jmh-$STAMP"
if [ $# -eq 0 ]; then
  set -- 'io.switchboard.ai.routing.HotPathBenchmark'
fi
# -foe: stop at the first failing benchmark; -prof gc: allocation per operation (gc.alloc.rate.norm).
timeout --kill-after=10 "$MAX_SECONDS" java -cp "$CP" org.openjdk.jmh.Main -foe true -prof gc \
  -rf json -rff "$OUT.json" "$@" | tee "$OUT.txt"
echo "results: $OUT.txt, $OUT.json" >&2
