#!/usr/bin/env bash
# Switchboard load benchmark: one fake provider, measured directly, through a plain Spring Cloud Gateway route
# (Path only) and through AI routes (OpenAI->OpenAI, OpenAI->Anthropic), in interleaved rounds. See
# docs/benchmarks.md for the method and the results.
#
#   sample-gateway/bench/run.sh                  # build, run, print the summary (about 6.5 minutes)
#   VARIANTS="tuned io4" MAX_SECONDS=1500 sample-gateway/bench/run.sh    # A/B of gateway settings
#
# Environment (all optional):
#   ROUNDS=5          interleaved rounds per variant (at least 3 for a median)
#   DURATION=5        seconds per wrk run
#   CONNS="1 32"      connection counts for the JSON targets (streams are loaded at the largest)
#   STREAM_LOAD=1     also load the streamed targets with wrk (0: skip)
#   TTFB_N=200        keep-alive requests per time-to-first-byte sample set (one set per target and round)
#   VARIANTS=tuned    gateway settings to compare. Each variant is its own gateway (ports BENCH_GW_PORT, +1, ...),
#                     all running at once against the same fake provider and measured in turn within every round
#                     (about 6 minutes per variant at ROUNDS=5: raise MAX_SECONDS):
#                       tuned    -XX:+UseParallelGC -Xms256m -Xmx256m -XX:+AlwaysPreTouch, 2 event loops
#                       default  no JVM flags (G1, heap sized by the JVM; the app still picks 2 event loops)
#                       io4      tuned, but Reactor Netty's own default of 4 event loops
#                       g1       tuned flags with G1 instead of ParallelGC
#                       fixedpool tuned, plus a FIXED client pool (64 connections, LIFO)
#                       obsoff   tuned, usage records, metrics and observability headers off
#                       obson    tuned, usage records and metrics on, and the JSON usage log line written (INFO)
#   SKIP_BUILD=1      use the existing jar and test classes
#   JFR=1             record a JFR profile of each gateway run into the results directory
#   MAX_SECONDS=900   hard stop for the whole run; every process it starts dies by then at the latest
#   BENCH_FAKE_PORT=18480 BENCH_GW_PORT=18481   loopback ports
#
# Output: sample-gateway/target/bench/<stamp>/ (raw wrk and curl output, summary.md) and
# sample-gateway/target/bench/latest-summary.md. All traffic stays on 127.0.0.1.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MODULE_DIR=$(dirname "$BENCH_DIR")
ROOT_DIR=$(dirname "$MODULE_DIR")

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-5}
CONNS=${CONNS:-"1 32"}
STREAM_LOAD=${STREAM_LOAD:-1}
TTFB_N=${TTFB_N:-200}
VARIANTS=${VARIANTS:-tuned}
MAX_SECONDS=${MAX_SECONDS:-900}
FAKE_PORT=${BENCH_FAKE_PORT:-18480}
GW_PORT=${BENCH_GW_PORT:-18481}
export BENCH_FAKE_PORT=$FAKE_PORT BENCH_GW_PORT=$GW_PORT

START=$(date +%s)
DEADLINE=$((START + MAX_SECONDS))
STAMP=$(date +%Y%m%d-%H%M%S)
OUT="$MODULE_DIR/target/bench/$STAMP"
JAR="$MODULE_DIR/target/sample-gateway.jar"
TEST_CLASSES="$MODULE_DIR/target/test-classes"
BODIES="$BENCH_DIR/bodies"
FAKE="http://127.0.0.1:$FAKE_PORT"

log() { printf '[bench %4ds] %s\n' "$(($(date +%s) - START))" "$*" >&2; }

# --- processes: every one is started under `timeout`, remembered, and killed on exit ---------------------------
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  sleep 0.5
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

remaining() { echo $((DEADLINE - $(date +%s))); }

check_time() {
  if [ "$(remaining)" -le "$1" ]; then
    log "time budget (MAX_SECONDS=$MAX_SECONDS) nearly used up: stopping early"
    return 1
  fi
}

# Starts "$@" in the background under timeout (so it dies with the time budget even if this script is killed
# hard) and sets STARTED_PID to the pid of the command itself, for CPU accounting: a shell writes its own pid to a
# file and then execs the command, which keeps that pid.
STARTED_PID=""
start_bounded() {
  local logfile=$1; shift
  local pidfile="$OUT/.pid-$RANDOM$RANDOM"
  timeout --kill-after=5 "$(remaining)" bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >"$logfile" 2>&1 &
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

wait_http() { # url, seconds
  local deadline=$(($(date +%s) + $2))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if curl -s -o /dev/null --max-time 1 -w '%{http_code}' "$1" | grep -q '^200$'; then
      return 0
    fi
    sleep 0.2
  done
  return 1
}

cpu_ticks() { # utime+stime of a pid, in clock ticks
  if [ -r "/proc/$1/stat" ]; then
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
  else
    echo 0
  fi
}

sys_ticks() { # stime (kernel time) of a pid, in clock ticks
  if [ -r "/proc/$1/stat" ]; then
    awk '{ sub(/^.*\) /, ""); print $13 }' "/proc/$1/stat"
  else
    echo 0
  fi
}

machine_idle() { awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }

# --- prerequisites ------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  log "wrk not found: installing Debian's wrk"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null
  else
    sudo apt-get update -qq >/dev/null && sudo apt-get install -y -qq wrk >/dev/null
  fi
fi
command -v wrk >/dev/null || { echo "wrk is required" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is required" >&2; exit 1; }
nvariants=$(echo "$VARIANTS" | wc -w)
for port in "$FAKE_PORT" $(seq "$GW_PORT" $((GW_PORT + nvariants - 1))); do
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
    echo "port $port is already in use on 127.0.0.1: stop whatever listens there or set BENCH_*_PORT" >&2
    exit 1
  fi
done

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building sample-gateway (mvn -DskipTests package)"
  (cd "$ROOT_DIR" && timeout 600 mvn -q -B -DskipTests -pl sample-gateway -am package) >&2
fi
[ -f "$JAR" ] || { echo "missing $JAR (run without SKIP_BUILD)" >&2; exit 1; }
[ -f "$TEST_CLASSES/io/switchboard/sample/bench/FakeProvider.class" ] \
  || { echo "missing bench test classes (run without SKIP_BUILD)" >&2; exit 1; }

mkdir -p "$OUT"
{
  echo "stamp=$STAMP"
  echo "rounds=$ROUNDS duration=${DURATION}s conns=$CONNS stream_load=$STREAM_LOAD ttfb_n=$TTFB_N variants=$VARIANTS"
  echo "cpus=$(nproc) kernel=$(uname -r)"
  echo "java=$(java -version 2>&1 | head -1)"
  echo "wrk=$(wrk -v 2>&1 | head -1)"
  echo "git=$(cd "$ROOT_DIR" && git rev-parse --short HEAD 2>/dev/null || echo none)"
} >"$OUT/meta.txt"

# --- the fake provider (one for the whole run, so every variant sees the same upstream) ----------------------
log "starting the fake provider on 127.0.0.1:$FAKE_PORT"
start_bounded "$OUT/fake.log" java -Xms64m -Xmx128m -XX:+UseSerialGC \
  -Dreactor.netty.ioWorkerCount=1 \
  -Dbench.fake.port="$FAKE_PORT" -Dbench.fake.maxSeconds="$(remaining)" \
  -Dloader.path="$TEST_CLASSES" -Dloader.main=io.switchboard.sample.bench.FakeProvider \
  -cp "$JAR" org.springframework.boot.loader.launch.PropertiesLauncher
FAKE_PID=$STARTED_PID
wait_http "$FAKE/health" 30 || { cat "$OUT/fake.log" >&2; echo "fake provider did not start" >&2; exit 1; }

# --- targets: name | URL | body, for the gateway on port $1 ------------------------------------------------------
set_targets() {
  local gw="http://127.0.0.1:$1"
  JSON_TARGETS=(
    "direct|$FAKE/v1/chat/completions|openai.json"
    "plain|$gw/plain/v1/chat/completions|openai.json"
    "ai-openai|$gw/v1/chat/completions|openai.json"
    "ai-anthropic|$gw/v1/chat/completions|anthropic.json"
    "ai-openai-1k|$gw/v1/chat/completions|openai-1k.json"
    "ai-guarded-1k|$gw/guarded/v1/chat/completions|openai-1k.json"
  )
  STREAM_TARGETS=(
    "direct-stream|$FAKE/v1/chat/completions|openai-stream.json"
    "plain-stream|$gw/plain/v1/chat/completions|openai-stream.json"
    "ai-openai-stream|$gw/v1/chat/completions|openai-stream.json"
    "ai-anthropic-stream|$gw/v1/chat/completions|anthropic-stream.json"
    "ai-guarded-stream|$gw/guarded/v1/chat/completions|openai-stream.json"
  )
  TTFB_TARGETS=(
    "direct-stream|$FAKE/v1/chat/completions|openai-stream-ttfb.json"
    "plain-stream|$gw/plain/v1/chat/completions|openai-stream-ttfb.json"
    "ai-openai-stream|$gw/v1/chat/completions|openai-stream-ttfb.json"
    "ai-anthropic-stream|$gw/v1/chat/completions|anthropic-stream-ttfb.json"
    "ai-guarded-stream|$gw/guarded/v1/chat/completions|openai-stream-ttfb.json"
  )
}
MAX_CONNS=$(echo "$CONNS" | tr ' ' '\n' | sort -n | tail -1)

variant_jvm() {
  local tuned="-XX:+UseParallelGC -Xms256m -Xmx256m -XX:+AlwaysPreTouch -Dreactor.netty.ioWorkerCount=2"
  case "$1" in
    tuned|fixedpool|obsoff|obson) echo "$tuned" ;;
    default) echo "" ;;
    io4) echo "-XX:+UseParallelGC -Xms256m -Xmx256m -XX:+AlwaysPreTouch -Dreactor.netty.ioWorkerCount=4" ;;
    g1) echo "-XX:+UseG1GC -Xms256m -Xmx256m -XX:+AlwaysPreTouch -Dreactor.netty.ioWorkerCount=2" ;;
    *) echo "unknown variant $1 (expected tuned, default, io4, g1, fixedpool, obsoff or obson)" >&2; return 1 ;;
  esac
}

variant_args() {
  case "$1" in
    fixedpool) echo "--spring.cloud.gateway.server.webflux.httpclient.pool.type=FIXED \
--spring.cloud.gateway.server.webflux.httpclient.pool.max-connections=64 \
--spring.cloud.gateway.server.webflux.httpclient.pool.leasing-strategy=lifo" ;;
    obsoff) echo "--ai.observability.usage.enabled=false" ;;
    obson) echo "--logging.level.io.switchboard.ai.usage=info" ;;
    *) echo "" ;;
  esac
}

# One wrk run; raw output plus CPU accounting (of gateway $GW_PID and the fake) into $file.
run_wrk() { # variant round target url body conns file
  local variant=$1 round=$2 name=$3 url=$4 body=$5 conns=$6 file=$7
  local gw0 gs0 fk0 idle0 gw1 gs1 fk1 idle1
  gw0=$(cpu_ticks "$GW_PID"); gs0=$(sys_ticks "$GW_PID"); fk0=$(cpu_ticks "$FAKE_PID"); idle0=$(machine_idle)
  timeout $((DURATION + 15)) wrk -t1 -c"$conns" -d"${DURATION}s" --timeout 5s --latency \
    -s "$BENCH_DIR/post.lua" "$url" -- "$BODIES/$body" >"$file" 2>&1 || echo "wrk_failed=$?" >>"$file"
  gw1=$(cpu_ticks "$GW_PID"); gs1=$(sys_ticks "$GW_PID"); fk1=$(cpu_ticks "$FAKE_PID"); idle1=$(machine_idle)
  {
    echo "variant=$variant round=$round target=$name conns=$conns"
    echo "cpu_ticks_per_s=$(getconf CLK_TCK)"
    echo "gateway_cpu_ticks=$((gw1 - gw0))"
    echo "gateway_sys_ticks=$((gs1 - gs0))"
    echo "fake_cpu_ticks=$((fk1 - fk0))"
    echo "machine_idle_before=$idle0"
    echo "machine_idle_after=$idle1"
  } >>"$file"
}

# Time to first byte over keep-alive: one curl, TTFB_N requests on one connection.
run_ttfb() { # url body file
  timeout 60 curl -s -o /dev/null -H 'content-type: application/json' --data-binary "@$BODIES/$2" \
    -w '%{time_starttransfer} %{time_total} %{http_code}\n' "$1?n=[1-$TTFB_N]" >"$3" 2>&1 || true
}

# --- the gateways: one per variant, all running at once on consecutive ports, measured in turn ---------------
# Running the variants side by side (an idle gateway costs next to nothing) lets every round measure each of them
# under the same machine noise, which sequential runs minutes apart cannot.
read -r -a VARIANT_LIST <<<"$VARIANTS"
GW_PIDS=()
for i in "${!VARIANT_LIST[@]}"; do
  variant=${VARIANT_LIST[$i]}
  port=$((GW_PORT + i))
  jvm=$(variant_jvm "$variant")
  args=$(variant_args "$variant")
  jfr=""
  if [ "${JFR:-0}" = 1 ]; then
    jfr="-XX:StartFlightRecording=filename=$OUT/$variant.jfr,settings=profile,dumponexit=true"
  fi
  mkdir -p "$OUT/$variant"
  echo "$variant (port $port): java $jvm $jfr -jar sample-gateway.jar" \
    "--spring.config.location=file:bench/bench.yml $args" >>"$OUT/meta.txt"
  log "variant $variant: starting the gateway on 127.0.0.1:$port ($jvm $args)"
  # shellcheck disable=SC2086
  start_bounded "$OUT/$variant/gateway.log" java $jvm $jfr -jar "$JAR" \
    --spring.config.location="file:$BENCH_DIR/bench.yml" --server.port="$port" $args
  GW_PIDS+=("$STARTED_PID")
done

for i in "${!VARIANT_LIST[@]}"; do
  variant=${VARIANT_LIST[$i]}
  port=$((GW_PORT + i))
  vdir="$OUT/$variant"
  if ! wait_http "http://127.0.0.1:$port/plain/health" 90; then
    cat "$vdir/gateway.log" >&2
    echo "gateway $variant did not start" >&2
    exit 1
  fi
  set_targets "$port"
  # Smoke check: every target answers 200 before anything is measured.
  for t in "${JSON_TARGETS[@]}" "${STREAM_TARGETS[@]}"; do
    IFS='|' read -r name url body <<<"$t"
    code=$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' -H 'content-type: application/json' \
      --data-binary "@$BODIES/$body" "$url")
    [ "$code" = 200 ] || { echo "$variant: $name answered $code" >&2; exit 1; }
  done
  log "variant $variant: warm-up (JIT, pools)"
  for t in "${JSON_TARGETS[@]:1}" "${STREAM_TARGETS[@]:1}"; do
    IFS='|' read -r name url body <<<"$t"
    timeout 30 wrk -t1 -c"$MAX_CONNS" -d4s --timeout 5s -s "$BENCH_DIR/post.lua" "$url" -- "$BODIES/$body" \
      >"$vdir/warmup-$name.txt" 2>&1 || true
  done
  for t in "${JSON_TARGETS[@]:1}"; do
    IFS='|' read -r name url body <<<"$t"
    timeout 30 wrk -t1 -c1 -d2s --timeout 5s -s "$BENCH_DIR/post.lua" "$url" -- "$BODIES/$body" \
      >>"$vdir/warmup-$name.txt" 2>&1 || true
  done
  for t in "${TTFB_TARGETS[@]:1}"; do
    IFS='|' read -r name url body <<<"$t"
    run_ttfb "$url" "$body" "$vdir/warmup-ttfb-$name.txt"
  done
done

nv=${#VARIANT_LIST[@]}
for round in $(seq 1 "$ROUNDS"); do
  check_time $((70 * nv)) || break
  for j in $(seq 0 $((nv - 1))); do
    # Rotate the variants and, within each, the targets every round, so none always runs first.
    i=$(((j + round) % nv))
    variant=${VARIANT_LIST[$i]}
    vdir="$OUT/$variant"
    GW_PID=${GW_PIDS[$i]}
    set_targets $((GW_PORT + i))
    log "round $round/$ROUNDS: variant $variant"
    n=${#JSON_TARGETS[@]}
    for conns in $CONNS; do
      for k in $(seq 0 $((n - 1))); do
        IFS='|' read -r name url body <<<"${JSON_TARGETS[$(((k + round) % n))]}"
        run_wrk "$variant" "$round" "$name" "$url" "$body" "$conns" "$vdir/wrk-r$round-$name-c$conns.txt"
      done
    done
    if [ "$STREAM_LOAD" = 1 ]; then
      n=${#STREAM_TARGETS[@]}
      for k in $(seq 0 $((n - 1))); do
        IFS='|' read -r name url body <<<"${STREAM_TARGETS[$(((k + round) % n))]}"
        run_wrk "$variant" "$round" "$name" "$url" "$body" "$MAX_CONNS" "$vdir/wrk-r$round-$name-c$MAX_CONNS.txt"
      done
    fi
    n=${#TTFB_TARGETS[@]}
    for k in $(seq 0 $((n - 1))); do
      IFS='|' read -r name url body <<<"${TTFB_TARGETS[$(((k + round) % n))]}"
      run_ttfb "$url" "$body" "$vdir/ttfb-r$round-$name.txt"
    done
  done
done

for i in "${!VARIANT_LIST[@]}"; do
  grep -E '^(VmRSS|VmHWM)' "/proc/${GW_PIDS[$i]}/status" >"$OUT/${VARIANT_LIST[$i]}/gateway-memory.txt" \
    2>/dev/null || true
  kill "${GW_PIDS[$i]}" 2>/dev/null || true
done

log "writing the summary"
java -cp "$TEST_CLASSES" io.switchboard.sample.bench.BenchReport "$OUT" >"$OUT/summary.md"
cp "$OUT/summary.md" "$MODULE_DIR/target/bench/latest-summary.md"
cat "$OUT/summary.md"
log "done: $OUT/summary.md"
