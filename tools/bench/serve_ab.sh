#!/usr/bin/env bash
# Two builds of `tmkit serve` side by side (docs/benchmarks.md, "Lookup service"): both serve the
# same TM at once, and wrk drives them in turn, A then B, ROUNDS times, so that the host's speed
# drifting over minutes (±15% here) falls on both alike. Lookups only (the TM is opened read-write
# but not written). Per phase one line: answers per second, p99, p99.9 and max, and the server's
# CPU time and context switches per request (from /proc), which do not depend on the clock.
#
#   tools/bench/serve_ab.sh --tm TM --queries QUERIES.txt --a BUILD_A --b BUILD_B
#       [--rounds 6] [--seconds 10] [--connections 32] [--a-env "VAR=value ..."] [--b-env ...]
#
# BUILD_A and BUILD_B are build directories (BUILD/bin/tmkit); the data is serve_bench.sh's.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=6 seconds=10 connections=32 tm="" queries="" build_a="" build_b="" env_a="" env_b=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tm) tm=$2; shift 2 ;;
    --queries) queries=$2; shift 2 ;;
    --a) build_a=$2; shift 2 ;;
    --b) build_b=$2; shift 2 ;;
    --a-env) env_a=$2; shift 2 ;;
    --b-env) env_b=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    *) echo "serve_ab: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -d "$tm" && -f "$queries" && -x "$build_a/bin/tmkit" && -x "$build_b/bin/tmkit" ]] || {
  sed -n '2,/^[^#]/{/^#/p}' "$0" >&2
  exit 2
}
command -v wrk >/dev/null || { echo "serve_ab: wrk is missing (scripts/setup.sh --with-test-peers)" >&2; exit 2; }
source "$here/serve_lib.sh"

work=$(mktemp -d)
pid_a="" pid_b=""
cleanup() {
  for pid in $pid_a $pid_b; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
lookup_paths "$queries" "$work/paths.txt"
# shellcheck disable=SC2086
start_serve "$work/a.out" env $env_a "$build_a/bin/tmkit" serve --tm "$tm"
pid_a=$served_pid base_a=$served_base
# shellcheck disable=SC2086
start_serve "$work/b.out" env $env_b "$build_b/bin/tmkit" serve --tm "$tm"
pid_b=$served_pid base_b=$served_base

switches() { cat "/proc/$1"/task/*/status | awk '/ctxt_switches/ {s += $2} END {print s}'; }
for base in "$base_a" "$base_b"; do  # warm-up
  QUERIES="$work/paths.txt" wrk -t1 -c2 -d5s -s "$here/serve_lookup.lua" "$base" >/dev/null
done
echo "serve_ab: A = $build_a${env_a:+ ($env_a)}, B = $build_b${env_b:+ ($env_b)}; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  for side in A B; do
    if [[ $side == A ]]; then pid=$pid_a base=$base_a; else pid=$pid_b base=$base_b; fi
    s0=$(switches "$pid") t0=$(cpu_ticks "$pid")
    result=$(QUERIES="$work/paths.txt" wrk -t2 -c"$connections" -d"${seconds}s" --timeout 5s \
      -s "$here/serve_lookup.lua" "$base" | sed -n 's/^RESULT //p')
    s1=$(switches "$pid") t1=$(cpu_ticks "$pid")
    echo "$result" | jq -c --arg round "$round" --arg side "$side" \
      --argjson cpu "$(awk "BEGIN{print ($t1 - $t0) / $(getconf CLK_TCK)}")" --argjson switches "$((s1 - s0))" \
      '{round: ($round | tonumber), side: $side, rps, non_200, socket_errors, p99_ms, p999_ms, max_ms,
        cpu_ms_per_request: ((1000 * $cpu / .requests) * 1000 | round / 1000),
        switches_per_request: (($switches / .requests) * 100 | round / 100)}'
  done
done
