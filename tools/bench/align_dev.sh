#!/usr/bin/env bash
# Strict/lax F1 of tmkit align on the development split: the NTREX hard documents in name order at
# odd positions (1st, 3rd, ... = 62 of 123) per pair, each split aligned as one --batch, plus
# Text+Berg dev de-fr without a dictionary. Parameters and features are chosen on these numbers.
# RELIABILITY=1 also prints the calibration table (ECE, Brier) of all the sets together.
# `--held-out` scores the other 61 NTREX documents instead: for reporting only, never for tuning.
# Usage: tools/bench/align_dev.sh [--held-out] [BUILD_DIR] [-- extra tmkit align arguments...]
set -euo pipefail
cd "$(dirname "$0")/../.."
split=dev
if [[ ${1:-} == --held-out ]]; then split=held-out; shift; fi
BUILD=${1:-build}
shift || true
[[ ${1:-} == -- ]] && shift
extra=("$@")
TMKIT="$BUILD/bin/tmkit"
SHARED=${TMKIT_SHARED_DIR:-$(cd .. && pwd)/shared}
A="$SHARED/data/alignment"
D="$A/ntrex/derived_synthetic_hard"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
all=()  # every gold/test pair, for the calibration table
for tl in ru ar; do
  ls "$D" | sed -n "s/\.en-$tl\.gold$//p" | sort |
    awk -v want="$split" '(NR % 2 == 1) == (want == "dev")' > "$work/docs"
  while read -r d; do echo "$D/$d.en-$tl.en $D/$d.en-$tl.$tl"; done < "$work/docs" > "$work/list"
  "$TMKIT" align --presegmented --src-lang en --tgt-lang "$tl" --batch "$work/list" --out-dir "$work/$tl" \
    ${extra[@]+"${extra[@]}"} > /dev/null
  args=()
  while read -r d; do args+=("$D/$d.en-$tl.gold" "$work/$tl/$d.en-$tl.beads"); done < "$work/docs"
  echo "NTREX hard en-$tl $split ($(wc -l < "$work/docs") docs): $("$TMKIT" align-score "${args[@]}")"
  all+=("${args[@]}")
done
if [[ $split == dev ]]; then
  T="$A/textberg-dev"
  "$TMKIT" align --presegmented --src-lang de --tgt-lang fr --no-dictionary "$T/dev.de" "$T/dev.fr" \
    ${extra[@]+"${extra[@]}"} > "$work/tb.beads"
  echo "Text+Berg dev de-fr: $("$TMKIT" align-score "$T/dev.defr" "$work/tb.beads")"
  all+=("$T/dev.defr" "$work/tb.beads")
fi
if [[ -n ${RELIABILITY:-} ]]; then
  echo "calibration, all sets above:"
  "$TMKIT" align-score --reliability "${all[@]}"
fi
