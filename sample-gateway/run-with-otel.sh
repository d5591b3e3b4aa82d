#!/usr/bin/env bash
# Runs the sample gateway with the OpenTelemetry Java agent (docs/observability.md#tracing).
#
#   mvn -pl sample-gateway -am package -DskipTests        # once: builds sample-gateway/target/sample-gateway.jar
#   OTEL_TRACES_EXPORTER=otlp OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 sample-gateway/run-with-otel.sh
#   OTEL_TRACES_EXPORTER=logging sample-gateway/run-with-otel.sh     # spans on stdout
#
# The agent jar is fetched by Maven (dependency:copy, from the repositories Maven is set up with) into
# sample-gateway/target/otel/ the first time. Every exporter is `none` unless you set it: without that the agent
# tries an OTLP collector on localhost:4318, logs errors and stalls shutdown. Arguments go to the gateway
# (--server.port=9090 …); JAVA_OPTS to the JVM.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
version="${OTEL_JAVAAGENT_VERSION:-2.31.1}"
agent="$here/target/otel/opentelemetry-javaagent-$version.jar"
jar="$here/target/sample-gateway.jar"

if [ ! -f "$jar" ]; then
  echo "No $jar: build it first with 'mvn -pl sample-gateway -am package -DskipTests' from the repository root." >&2
  exit 1
fi
if [ ! -f "$agent" ]; then
  mvn -q -f "$here/pom.xml" dependency:copy \
    -Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:$version" \
    -DoutputDirectory="$here/target/otel"
fi

export OTEL_TRACES_EXPORTER="${OTEL_TRACES_EXPORTER:-none}"
export OTEL_METRICS_EXPORTER="${OTEL_METRICS_EXPORTER:-none}"
export OTEL_LOGS_EXPORTER="${OTEL_LOGS_EXPORTER:-none}"
export OTEL_SERVICE_NAME="${OTEL_SERVICE_NAME:-switchboard-gateway}"

echo "OpenTelemetry agent $version: traces=$OTEL_TRACES_EXPORTER metrics=$OTEL_METRICS_EXPORTER logs=$OTEL_LOGS_EXPORTER" >&2
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -javaagent:"$agent" -jar "$jar" "$@"
