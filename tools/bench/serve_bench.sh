#!/usr/bin/env bash
# Load test of `tmkit serve` (docs/benchmarks.md, "Lookup service"): wrk drives fuzzy lookups with
# varying queries over loopback, first alone, then while `tmkit import` adds units to the same TM
# from another process. Prints one RESULT line per phase (requests, non-200 answers, socket
# errors, latency percentiles) and the import's own time.
#
#   tools/bench/serve_bench.sh --tm TM --sample SAMPLE.tsv --import IMPORT.tsv \
#       [--tmkit build-rel/bin/tmkit] [--seconds 30] [--connections 32] [--threads 2]
#
# TM is the TM to serve (it is written to in phase 2: use a copy you can throw away). SAMPLE.tsv
# holds source<TAB>target lines drawn from that TM: queries are made from its sources, one word
# replaced or dropped so most lookups are fuzzy matches, some left exact, some from two
# sentences spliced. IMPORT.tsv holds the units imported during phase 2 (en<TAB>ru).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmkit="$here/../../build-rel/bin/tmkit"
seconds=30 connections=32 threads=2 tm="" sample="" import=""
src_lang=en tgt_lang=ru
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tm) tm=$2; shift 2 ;;
    --sample) sample=$2; shift 2 ;;
    --import) import=$2; shift 2 ;;
    --tmkit) tmkit=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --langs) src_lang=${2%,*}; tgt_lang=${2#*,}; shift 2 ;;
    *) echo "serve_bench: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -d "$tm" && -f "$sample" && -f "$import" && -x "$tmkit" ]] || {
  sed -n '2,14p' "$0" >&2
  exit 2
}
command -v wrk >/dev/null || { echo "serve_bench: wrk is missing (scripts/setup.sh --with-test-peers)" >&2; exit 2; }

work=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

python3 - "$sample" "$work/queries.txt" "$src_lang" "$tgt_lang" <<'PY'
import random, sys, urllib.parse
sample, out, src, tgt = sys.argv[1:5]
random.seed(42)
sources = [line.split("\t")[0] for line in open(sample, encoding="utf-8") if "\t" in line]
vocabulary = [w for s in random.sample(sources, min(len(sources), 2000)) for w in s.split()]
with open(out, "w") as f:
    for i in range(20000):
        words = random.choice(sources).split()
        kind = i % 10
        if kind < 6 and len(words) > 3:      # one word replaced: a fuzzy match
            words[random.randrange(len(words))] = random.choice(vocabulary)
        elif kind < 8 and len(words) > 3:    # one word dropped
            del words[random.randrange(len(words))]
        elif kind < 9:                       # halves of two sentences: a weak or no match
            other = random.choice(sources).split()
            words = words[: len(words) // 2] + other[len(other) // 2 :]
        query = " ".join(words)              # kind 9: exact
        f.write("/api/lookup?" + urllib.parse.urlencode({"q": query, "src": src, "tgt": tgt}) + "\n")
PY

"$tmkit" serve --tm "$tm" --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 1 600); do
  base=$(sed -n 's|^tmkit serve: listening on \(http://[^/]*\)/$|\1|p' "$work/serve.out")
  [[ -n "$base" ]] && break
  sleep 0.1
done
[[ -n "$base" ]] || { cat "$work/serve.err" >&2; exit 1; }

run_wrk() {
  QUERIES="$work/queries.txt" wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 5s \
    -s "$here/serve_lookup.lua" "$base" | sed -n 's/^RESULT /RESULT '"$1"' /p'
}

echo "serve_bench: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
# A short warm-up pages the TM's indexes in, as a service that has been running would have them.
QUERIES="$work/queries.txt" wrk -t1 -c4 -d5s -s "$here/serve_lookup.lua" "$base" >/dev/null
run_wrk lookups_alone

start=$(date +%s.%N)
"$tmkit" import --tm "$tm" --src-lang "$src_lang" --tgt-lang "$tgt_lang" --wait 60 "$import" >"$work/import.out" 2>&1 &
import_pid=$!
run_wrk lookups_during_import
import_running_at_end=$(kill -0 "$import_pid" 2>/dev/null && echo yes || echo no)
wait "$import_pid"
end=$(date +%s.%N)
echo "IMPORT $(cat "$work/import.out" | tr '\n' ' ') took $(awk "BEGIN{printf \"%.1f\", $end - $start}") s; still running when wrk stopped: $import_running_at_end"
echo "serve_bench: load average $(cut -d' ' -f1-3 /proc/loadavg) after the run"
