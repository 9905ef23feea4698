#!/usr/bin/env bash
# Alignment quality floors: strict F1 (score_alignment.py semantics) on the NTREX hard sets, all
# 123 documents per pair in one batch (the lexicon is learned across them), and on Text+Berg dev.
# The floors are what the aligner reaches (docs/benchmarks.md), rounded down; a drop fails.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SHARED_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
A="$TMKIT_SHARED_DIR/data/alignment"
D="$A/ntrex/derived_synthetic_hard"
[[ -d "$D" ]] || { echo "no NTREX data in $D" >&2; exit 1; }

check() {  # name floor score-line
  local f1
  f1=$(sed 's/.*F1_strict=\([0-9.]*\).*/\1/' <<<"$3")
  echo "$1: $3"
  python3 -c "import sys; sys.exit(0 if float('$f1') >= $2 else 1)" || { echo "FAIL: $1 strict F1 $f1 < floor $2" >&2; exit 1; }
}

for tl in ru ar; do
  ls "$D" | sed -n "s/\.en-$tl\.gold$//p" > "$work/docs"
  while read -r d; do echo "$D/$d.en-$tl.en $D/$d.en-$tl.$tl"; done < "$work/docs" > "$work/list"
  "$TMKIT" align --presegmented --src-lang en --tgt-lang "$tl" --batch "$work/list" --out-dir "$work/$tl" > /dev/null
  args=()
  while read -r d; do args+=("$D/$d.en-$tl.gold" "$work/$tl/$d.en-$tl.beads"); done < "$work/docs"
  floor=$([[ $tl == ru ]] && echo 0.972 || echo 0.968)
  check "NTREX hard en-$tl" "$floor" "$("$TMKIT" align-score "${args[@]}")"
done

T="$A/textberg-dev"
"$TMKIT" align --presegmented --src-lang de --tgt-lang fr --no-dictionary "$T/dev.de" "$T/dev.fr" > "$work/tb.beads"
check "Text+Berg dev de-fr" 0.880 "$("$TMKIT" align-score "$T/dev.defr" "$work/tb.beads")"
