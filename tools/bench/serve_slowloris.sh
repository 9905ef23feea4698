#!/usr/bin/env bash
# Lookups from a normal client while a slowloris holds thousands of connections (docs/benchmarks.md,
# "Lookup service under a slowloris"; issue 27 item 6). Loopback only, bounded: at most 5,000
# slow connections, at most 120 s per phase.
#
#   tools/bench/serve_slowloris.sh [--build BUILD] [--tm TM] [--connections 2000] [--seconds 20]
#                                  [--think-ms 20]
#
# Three phases against one `tmkit serve` (--max-connections 512, the default): wrk alone (4
# kept-alive connections, 1 thread, each waiting THINK_MS after an answer: a client, not a load
# generator, so that the latency is the attack's and not wrk's own queue); wrk beside tools/bench/slowloris.py holding CONNECTIONS
# connections that never finish a request; and the same with "Connection: close" (a new connection
# per lookup, which must get through the accept queue). Each prints wrk's RESULT line: requests,
# non-200 answers, socket errors, p50/p99 in ms. Without --tm it serves the seed article's TM.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build="$src/build" tm="" connections=2000 seconds=20 think_ms=20
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --tm) tm=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --think-ms) think_ms=$2; shift 2 ;;
    *) sed -n '2,/^[^#]/{/^#/p}' "$0" >&2; exit 2 ;;
  esac
done
(( connections >= 1 && connections <= 5000 && seconds >= 1 && seconds <= 120 )) || {
  echo "serve_slowloris: 1-5000 connections, 1-120 seconds" >&2; exit 2; }
command -v wrk >/dev/null || { echo "serve_slowloris: wrk is missing (scripts/setup.sh --with-test-peers)" >&2; exit 2; }
tmkit="$build/bin/tmkit"
source "$here/serve_lib.sh"
work=$(mktemp -d)
served_pid="" loris_pid=""
cleanup() {
  [[ -n "$loris_pid" ]] && kill "$loris_pid" 2>/dev/null || true
  [[ -n "$served_pid" ]] && { kill "$served_pid" 2>/dev/null || true; wait "$served_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
ulimit -n "$((connections + 1024))" 2>/dev/null || ulimit -n "$(ulimit -Hn)"

if [[ -z "$tm" ]]; then
  export TMKIT_SOURCE_DIR=$src
  WORK=$work source "$src/tests/e2e/lib/serve.sh"
  seed_tmx "$work/seed.tmx"
  "$tmkit" import --tm "$work/tm" "$work/seed.tmx" >/dev/null
  tm="$work/tm"
  printf '%s\n' "Syrian opposition group says it will attend Geneva talks" "The talks in Geneva resumed on Monday" \
    "International envoy Kofi Annan expressed optimism" >"$work/queries.txt"
else
  [[ -f "$(dirname "$tm")/queries.txt" ]] && cp "$(dirname "$tm")/queries.txt" "$work/queries.txt"
fi
lookup_paths "$work/queries.txt" "$work/paths.txt"

start_serve "$work/serve.out" "$tmkit" serve --tm "$tm"
port=${served_base##*:}
echo "serve_slowloris: $tmkit serve on port $port, TM $tm; load average $(cut -d' ' -f1-3 /proc/loadavg)"

run_wrk() {  # LABEL [wrk options...]
  local label=$1
  shift
  THINK_MS=$think_ms QUERIES="$work/paths.txt" wrk -t1 -c4 -d"${seconds}s" --latency -s "$here/serve_lookup.lua" "$@" "$served_base" \
    >"$work/wrk.out" 2>&1 || true
  echo "$label: $(grep '^RESULT' "$work/wrk.out" || tail -n 3 "$work/wrk.out")"
}

run_wrk "alone, kept-alive"
for mode in kept-alive new-connection; do
  python3 "$here/slowloris.py" --port "$port" --connections "$connections" --seconds "$((seconds + 15))" \
    --ready "$work/ready" >"$work/loris.out" &
  loris_pid=$!
  for _ in $(seq 1 300); do [[ -f "$work/ready" ]] && break; sleep 0.1; done
  sleep 3  # every slow connection open and sending
  if [[ $mode == kept-alive ]]; then
    run_wrk "slowloris $connections, kept-alive"
  else
    run_wrk "slowloris $connections, new connection per lookup" -H "Connection: close"
  fi
  kill "$loris_pid" 2>/dev/null || true
  wait "$loris_pid" 2>/dev/null || true
  loris_pid=""
  rm -f "$work/ready"
  echo "  $(sed -n 's/^SLOWLORIS //p' "$work/loris.out")"
done
kill -0 "$served_pid" || { echo "serve_slowloris: the server died" >&2; exit 1; }
