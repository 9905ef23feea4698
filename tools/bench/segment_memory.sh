#!/usr/bin/env bash
# Whole-process memory of `tmkit segment`: builds a ~100 MB and a ~1 GB English news file in a
# temporary directory (NTREX newstest2019 + the bundled article, repeated), segments each with
# /usr/bin/time -v and prints wall/user time and maximum resident set size. Nothing is kept.
# Usage: tools/bench/segment_memory.sh [path/to/tmkit]   (build Release first)
set -euo pipefail
cd "$(dirname "$0")/../.."
TMKIT=${1:-build/bin/tmkit}
SHARED=${TMKIT_SHARED_DIR:-../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{ sed 's/$/\n/' "$SHARED/data/alignment/ntrex/newstest2019-src.eng.txt"; cat corpora/syria-geneva-talks/en.txt; } > "$work/unit.txt"
: > "$work/100m.txt"
while [[ $(stat -c %s "$work/100m.txt") -lt 100000000 ]]; do cat "$work/unit.txt" >> "$work/100m.txt"; done
for _ in $(seq 10); do cat "$work/100m.txt"; done > "$work/1g.txt"
for f in 100m 1g; do
  /usr/bin/time -v "$TMKIT" segment --lang en "$work/$f.txt" > /dev/null 2> "$work/$f.time"
  printf '%-5s %12s bytes  wall %-8s user %6ss  max RSS %s kB\n' "$f" "$(stat -c %s "$work/$f.txt")" \
    "$(grep 'Elapsed' "$work/$f.time" | awk '{print $NF}')" \
    "$(grep 'User time' "$work/$f.time" | awk '{print $NF}')" \
    "$(grep 'Maximum resident' "$work/$f.time" | awk '{print $NF}')"
done
