#!/usr/bin/env bash
# Recall on errors planted into NTREX-128 translations (tests/e2e/data/check_planted_{ru,ar}, made
# by tools/bench/check_plant.py; the full-size measurement is in docs/benchmarks.md). A planted
# error counts as found when its check reports on its segment. Fails below recall 0.95 overall or
# below 0.8 for any kind.
set -euo pipefail
D="$TMKIT_SOURCE_DIR/tests/e2e/data"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
for L in ru ar; do
  set +e
  "$TMKIT" check -g "$TMKIT_SOURCE_DIR/glossaries/names.tbx" --tgt-lang "$L" --format json "$D/check_planted_$L.tsv" > "$T/$L.json"
  code=$?
  set -e
  [[ $code -eq 1 ]] || { echo "FAIL: check on the planted $L set exited $code, want 1"; exit 1; }
done
python3 "$TMKIT_SOURCE_DIR/tools/bench/check_recall.py" "$T" "$D/check_planted" 0.95 0.8
