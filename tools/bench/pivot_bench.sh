#!/usr/bin/env bash
# ru->ar lookups on a 1M-unit TM (docs/benchmarks.md "Pivot lookup"): generate_tm.py's en-ru units
# plus the NTREX lines with their Arabic, half as en+ru+ar units and half as en-ru and en-ar pairs
# (imported with --no-join, so that those must be found "via en"); 200 Russian queries made from
# NTREX sentences with one word changed; how often the gold Arabic is the top match, and latency
# (tm_bench pivot), with pivots on and, on the same TM in the same run, off. BASELINE=TM_BENCH (a
# tm_bench of another build, e.g. main's) is run interleaved with this one, on the same TM, or on
# BASELINE_TM (a copy of it in the schema that build reads: main's tmkit refuses a newer schema).
# Round 1 writes the queries whose gold is not on top to WORK/misses.jsonl.
#   tools/bench/pivot_bench.sh [BUILD_DIR] [UNITS] [WORK]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build-rel}
UNITS=${2:-1000000}
WORK=${3:-/tmp/tmkit-pivot-bench}
SHARED=${TMKIT_SHARED_DIR:-$(cd .. && pwd)/shared}
mkdir -p "$WORK"
if [[ ! -f "$WORK/tm$UNITS.tmx" ]]; then
  /usr/bin/python3 corpora/generate_tm.py --units "$UNITS" --ntrex --out "$WORK/tm$UNITS.tmx" \
    --pivot-queries "$WORK/pivot_queries.tsv" --shared "$SHARED"
fi
if [[ ! -d "$WORK/tm$UNITS" ]]; then
  "$BUILD/bin/tmkit" import --no-join --tm "$WORK/tm$UNITS" --format json "$WORK/tm$UNITS.tmx" > "$WORK/import.json"
  "$BUILD/bin/tmkit" compact --tm "$WORK/tm$UNITS" > /dev/null
fi
# A TM an older tmkit made is read without what a newer schema adds (schema 4's signatures): bring it up.
"$BUILD/bin/tmkit" upgrade --tm "$WORK/tm$UNITS" > /dev/null
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in 1 2 3; do
  if [[ $round == 1 ]]; then export TM_BENCH_MISSES="$WORK/misses.jsonl"; else unset TM_BENCH_MISSES; fi
  "$BUILD/bin/tm_bench" pivot "$WORK/tm$UNITS" "$WORK/pivot_queries.tsv" 5 > "$WORK/pivot.$round.json"
  echo "round $round: with pivots $(cat "$WORK/pivot.$round.json")"
  if [[ -n ${BASELINE:-} ]]; then
    "$BASELINE" pivot "${BASELINE_TM:-$WORK/tm$UNITS}" "$WORK/pivot_queries.tsv" 5 > "$WORK/baseline.$round.json"
    echo "round $round: baseline $(cat "$WORK/baseline.$round.json")"
  fi
  TMKIT_NO_PIVOT=1 "$BUILD/bin/tm_bench" pivot "$WORK/tm$UNITS" "$WORK/pivot_queries.tsv" 5 > "$WORK/direct.$round.json"
  echo "round $round: direct only $(cat "$WORK/direct.$round.json")"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
