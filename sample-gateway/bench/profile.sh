#!/usr/bin/env bash
# Where does the gateway's CPU go? Starts the fake provider and the gateway (the `tuned` JVM flags of run.sh),
# loads one target at a time with wrk and records a JFR CPU profile of just that window, then prints the hot spots
# (JfrHotSpots: by code, by method, inclusive).
#
#   sample-gateway/bench/profile.sh                           # plain, ai-openai, ai-anthropic; 32 connections
#   TARGETS="ai-anthropic-stream" CONNS=8 sample-gateway/bench/profile.sh
#
# Environment: TARGETS (names from run.sh), CONNS (32), SECONDS_PER_TARGET (20), SKIP_BUILD=1, MAX_SECONDS (600),
# BENCH_FAKE_PORT / BENCH_GW_PORT. Output: sample-gateway/target/bench/profile-<stamp>/ (<target>.jfr, <target>.txt).
# Everything stays on 127.0.0.1 and stops by itself.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MODULE_DIR=$(dirname "$BENCH_DIR")
ROOT_DIR=$(dirname "$MODULE_DIR")
TARGETS=${TARGETS:-"plain ai-openai ai-anthropic"}
CONNS=${CONNS:-32}
SECONDS_PER_TARGET=${SECONDS_PER_TARGET:-20}
MAX_SECONDS=${MAX_SECONDS:-600}
FAKE_PORT=${BENCH_FAKE_PORT:-18480}
GW_PORT=${BENCH_GW_PORT:-18481}
export BENCH_FAKE_PORT=$FAKE_PORT BENCH_GW_PORT=$GW_PORT
JAR="$MODULE_DIR/target/sample-gateway.jar"
TEST_CLASSES="$MODULE_DIR/target/test-classes"
BODIES="$BENCH_DIR/bodies"
GW="http://127.0.0.1:$GW_PORT"
FAKE="http://127.0.0.1:$FAKE_PORT"
OUT="$MODULE_DIR/target/bench/profile-$(date +%Y%m%d-%H%M%S)"
START=$(date +%s)

PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  sleep 0.5
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts "$@" under timeout and sets STARTED_PID to the command's own pid (see run.sh).
STARTED_PID=""
start_bounded() {
  local logfile=$1; shift
  local pidfile="$OUT/.pid-$RANDOM$RANDOM"
  timeout --kill-after=5 "$((START + MAX_SECONDS - $(date +%s)))" bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" \
    >"$logfile" 2>&1 &
  PIDS+=("$!")
  for _ in $(seq 1 200); do
    [ -s "$pidfile" ] && break
    sleep 0.05
  done
  STARTED_PID=$(cat "$pidfile" 2>/dev/null || true)
  rm -f "$pidfile"
  [ -n "$STARTED_PID" ] || { echo "could not start: $*" >&2; exit 1; }
  PIDS+=("$STARTED_PID")
}

wait_http() {
  local deadline=$(($(date +%s) + $2))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    curl -s -o /dev/null --max-time 1 -w '%{http_code}' "$1" | grep -q '^200$' && return 0
    sleep 0.2
  done
  return 1
}

target_of() {
  case "$1" in
    direct) echo "$FAKE/v1/chat/completions|openai.json" ;;
    plain) echo "$GW/plain/v1/chat/completions|openai.json" ;;
    ai-openai) echo "$GW/v1/chat/completions|openai.json" ;;
    ai-anthropic) echo "$GW/v1/chat/completions|anthropic.json" ;;
    plain-stream) echo "$GW/plain/v1/chat/completions|openai-stream.json" ;;
    ai-openai-stream) echo "$GW/v1/chat/completions|openai-stream.json" ;;
    ai-anthropic-stream) echo "$GW/v1/chat/completions|anthropic-stream.json" ;;
    *) echo "unknown target $1" >&2; return 1 ;;
  esac
}

command -v wrk >/dev/null || { echo "wrk is required (see run.sh)" >&2; exit 1; }
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$ROOT_DIR" && timeout 600 mvn -q -B -DskipTests -pl sample-gateway -am package) >&2
fi
mkdir -p "$OUT"

start_bounded "$OUT/fake.log" java -Xms64m -Xmx128m -XX:+UseSerialGC -Dreactor.netty.ioWorkerCount=1 \
  -Dbench.fake.port="$FAKE_PORT" -Dbench.fake.maxSeconds="$MAX_SECONDS" \
  -Dloader.path="$TEST_CLASSES" -Dloader.main=io.switchboard.sample.bench.FakeProvider \
  -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher
wait_http "$FAKE/health" 30 || { echo "fake provider did not start" >&2; exit 1; }
# JFR: deep stacks (reactive call chains are long) and a 2 ms Java sampling period (profile.jfc has 10 ms).
JFC="$OUT/cpu.jfc"
sed '/<event name="jdk.ExecutionSample">/,/<\/event>/ s#<setting name="period"\([^>]*\)>[^<]*</setting>#<setting name="period"\1>2 ms</setting>#' \
  "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" >"$JFC"
start_bounded "$OUT/gateway.log" java -XX:+UseParallelGC -Xms256m -Xmx256m -XX:+AlwaysPreTouch \
  -XX:FlightRecorderOptions=stackdepth=256 -Dreactor.netty.ioWorkerCount=2 -jar "$JAR" --spring.config.location="file:$BENCH_DIR/bench.yml"
GW_PID=$STARTED_PID
wait_http "$GW/plain/health" 60 || { cat "$OUT/gateway.log" >&2; echo "gateway did not start" >&2; exit 1; }

for name in $TARGETS; do
  IFS='|' read -r url body <<<"$(target_of "$name")"
  echo "== $name: warm-up 10 s, then ${SECONDS_PER_TARGET} s recorded at $CONNS connections" >&2
  timeout 30 wrk -t1 -c"$CONNS" -d10s -s "$BENCH_DIR/post.lua" "$url" -- "$BODIES/$body" >/dev/null 2>&1 || true
  jcmd "$GW_PID" JFR.start name="$name" settings="$JFC" >/dev/null
  timeout $((SECONDS_PER_TARGET + 15)) wrk -t1 -c"$CONNS" -d"${SECONDS_PER_TARGET}s" --latency \
    -s "$BENCH_DIR/post.lua" "$url" -- "$BODIES/$body" >"$OUT/$name-wrk.txt" 2>&1 || true
  jcmd "$GW_PID" JFR.stop name="$name" filename="$OUT/$name.jfr" >/dev/null
  java -cp "$TEST_CLASSES" io.switchboard.sample.bench.JfrHotSpots "$OUT/$name.jfr" 30 >"$OUT/$name.txt"
  grep -E 'Requests/sec' "$OUT/$name-wrk.txt" >&2 || true
  cat "$OUT/$name.txt"
done
echo "profiles: $OUT" >&2
