#!/usr/bin/env bash
# Whole-process speed of `tmkit check`: a 1,000-segment ru draft against a generated 100,000-concept
# glossary (plus names.tbx), and the same draft against names.tbx alone (the cost of the big
# glossary = the difference). With a second binary (the baseline), both run alternately in the same
# session and their JSON reports must be identical. The new binary is measured three ways: the run
# that compiles the glossary into its cache (a fresh cache each round), warm runs reading the
# compiled image, and --no-glossary-cache. CPU (user+sys) and wall seconds, max RSS by /usr/bin/time.
# Usage: tools/bench/check_speed.sh [path/to/tmkit] [path/to/baseline-tmkit] [rounds, default 3]
# (build Release for numbers)
set -euo pipefail
cd "$(dirname "$0")/../.."
TMKIT="$(realpath "${1:-build/bin/tmkit}")"
BASE="${2:-}"; [[ -n $BASE ]] && BASE="$(realpath "$BASE")"
ROUNDS="${3:-3}"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
python3 tools/bench/check_gen.py glossary 100000 "$W/g100k.tbx"
python3 tools/bench/check_gen.py draft 1000 "$W/g100k.tbx" corpora/syria-geneva-talks/drafts/ru.tsv "$W/draft.tsv"
export TMKIT_GLOSSARY_CACHE="$W/cache"
measure() {  # LABEL OUT CMD...: one line of figures; the report goes to OUT
  local label="$1" out="$2"; shift 2
  /usr/bin/time -f "%U %S %e %M" "$@" > "$out" 2> "$W/time" || true
  tail -1 "$W/time" | awk -v l="$label" '{printf "%-34s cpu %.2f s  wall %.2f s  rss %d MB\n", l, $1 + $2, $3, $4 / 1024}'
}
big=(check --tgt-lang ru -g glossaries/names.tbx -g "$W/g100k.tbx" --format json "$W/draft.tsv")
small=(check --tgt-lang ru -g glossaries/names.tbx --format json "$W/draft.tsv")
echo "glossary: $(du -h "$W/g100k.tbx" | cut -f1), draft: $(wc -l < "$W/draft.tsv") segments, load: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
  echo "round $round"
  if [[ -n $BASE ]]; then
    measure "baseline: names + 100k" "$W/base.json" "$BASE" "${big[@]}"
    measure "baseline: names only" /dev/null "$BASE" "${small[@]}"
  fi
  rm -rf "$W/cache"
  measure "new: names + 100k, compiling" "$W/cold.json" "$TMKIT" "${big[@]}"
  measure "new: names + 100k, compiled" "$W/warm.json" "$TMKIT" "${big[@]}"
  measure "new: names + 100k, compiled" /dev/null "$TMKIT" "${big[@]}"
  measure "new: names + 100k, no cache" "$W/plain.json" "$TMKIT" "${big[@]}" --no-glossary-cache
  measure "new: names only, compiled" /dev/null "$TMKIT" "${small[@]}"
  for f in cold warm plain ${BASE:+base}; do
    cmp -s "$W/$f.json" "$W/warm.json" || { echo "check_speed: the $f report differs" >&2; exit 1; }
  done
done
echo "reports identical: $(ls "$W"/*.json | xargs -n1 basename | tr '\n' ' ')"
