#!/usr/bin/env bash
# `make run`: a node simulated by `snapline generate` writes streaming order statuses into
# ./demo/hl/data at a steady rate; `snapline run` tails them into the Chronicle queue in ./data for
# DURATION seconds, then gets SIGTERM, drains and prints its summary; `snapline cat` shows a few
# records and dead letters. Both directories are the demo's own and are started afresh.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=sidecar/target/snapline.jar
DURATION=${DURATION:-30}
RATE=${RATE:-20000}
BAD_EVERY=${BAD_EVERY:-500}
JAVA=${JAVA:-java}

rm -rf demo data
mkdir -p demo/hl/data

echo "== generate: ${RATE} streaming order-status lines/s into demo/hl/data (every ${BAD_EVERY}th malformed)"
"$JAVA" -jar "$JAR" generate --out demo/hl/data --stream node_order_statuses --layout streaming \
    --lines $(( RATE * (DURATION + 10) )) --rate "$RATE" --bad-every "$BAD_EVERY" > demo/generate.log 2>&1 &
GENERATOR=$!
trap 'kill $GENERATOR 2>/dev/null || true' EXIT

echo "== run: snapline.yaml for ${DURATION} s (metrics on http://127.0.0.1:9464/metrics), then SIGTERM"
# --preserve-status: the exit status is snapline's own (0 after a clean drain), not timeout's 124.
timeout --preserve-status -s TERM "$DURATION" "$JAVA" -jar "$JAR" run --config snapline.yaml 2> demo/run.log
kill $GENERATOR 2>/dev/null || true
echo "   (log: demo/run.log)"

echo "== cat: the first records"
"$JAVA" -jar "$JAR" cat --queue data/queue | head -n 3
echo "== cat --dead-letters: the first dead letters"
"$JAVA" -jar "$JAR" cat --queue data/queue --dead-letters | head -n 2
