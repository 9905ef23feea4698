#!/usr/bin/env bash
# Accuracy and calibration of tmkit align under shift, side by side with Gale-Church (--length-only)
# and, when HUNALIGN points at a hunalign binary built by hand (docs/benchmarks.md), hunalign:
#   NTREX plain en-ru / en-ar (derived_split, the translations as they are; all 123 documents),
#   NTREX hard en-ru / en-ar (all 123 documents, one --batch each),
#   NTREX merged en-ru / en-ar (tools/bench/align_merged.py: runs of 2-6 target sentences joined),
#   Text+Berg dev de-fr (one document).
# Strict/lax F1 come from ../shared/data/alignment/score_alignment.py; calibration is over every
# output bead with at least one side: ECE (10 bins, as align-score --reliability) and the share of
# beads at or above --min-confidence (MIN, default 0.8) that are exactly right.
# SETS (default "plain hard merged textberg") picks the sets; KEEP=DIR keeps every set's beads there.
# Usage: [MODES="tmkit gc"] [SETS=...] [HUNALIGN=...] tools/bench/align_shift.sh [BUILD_DIR] [-- extra tmkit align arguments...]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
shift || true
[[ ${1:-} == -- ]] && shift
extra=("$@")
TMKIT="$BUILD/bin/tmkit"
SHARED=${TMKIT_SHARED_DIR:-$(cd .. && pwd)/shared}
A="$SHARED/data/alignment"
SCORE="python3 $A/score_alignment.py"
MIN=${MIN:-0.8}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 tools/bench/align_merged.py "$work/merged" 2> /dev/null

calibration() {  # gold test ... -> "ECE=... >=MIN: right/beads=share"
  python3 - "$MIN" "$@" <<'PY'
import ast, sys
m = float(sys.argv[1]); a = sys.argv[2:]
def read(f, conf):
    out = []
    for l in open(f):
        if not l.strip(): continue
        p = l.strip().split(':')
        b = (tuple(ast.literal_eval(p[0])), tuple(ast.literal_eval(p[1])))
        out.append((b, float(p[2]) if conf and len(p) > 2 else None))
    return out
bins = [[0, 0.0, 0] for _ in range(10)]; hi = [0, 0]
for g, t in zip(a[0::2], a[1::2]):
    gold = set(b for b, _ in read(g, False))
    for b, c in read(t, True):
        if c is None or (not b[0] and not b[1]): continue
        ok = b in gold; k = min(9, int(c * 10))
        bins[k][0] += 1; bins[k][1] += c; bins[k][2] += ok
        if c >= m: hi[0] += 1; hi[1] += ok
n = sum(x[0] for x in bins)
ece = sum(abs(x[2] / x[0] - x[1] / x[0]) * x[0] for x in bins if x[0]) / max(1, n)
print(f'ECE={ece:.3f} beads>={m}: {hi[1]}/{hi[0]}={hi[1] / max(1, hi[0]):.3f}')
PY
}

ladder_to_beads() {  # hunalign ladder (i \t j \t score) -> beads
  python3 -c '
import sys
rungs = [tuple(map(int, l.split("\t")[:2])) for l in open(sys.argv[1]) if l.strip()]
for (i0, j0), (i1, j1) in zip(rungs, rungs[1:]):
    print(f"{list(range(i0, i1))}:{list(range(j0, j1))}")' "$1"
}

# run_set NAME SRC_LANG TGT_LANG DIR PREFIX: DIR holds PREFIX-named DOC.<pair>.{src,tgt,gold}
run_set() {
  local name=$1 sl=$2 tl=$3 dir=$4 pair=$5
  ls "$dir" | sed -n "s/\.$pair\.gold$//p" | sort > "$work/docs"
  while read -r d; do echo "$dir/$d.$pair.$sl $dir/$d.$pair.$tl"; done < "$work/docs" > "$work/list"
  for mode in ${MODES:-tmkit gc}; do
    local flags=()
    [[ $mode == gc ]] && flags=(--length-only)
    rm -rf "$work/out"
    "$TMKIT" align --presegmented --src-lang "$sl" --tgt-lang "$tl" --batch "$work/list" --out-dir "$work/out" \
      "${flags[@]}" ${extra[@]+"${extra[@]}"} > "$work/$name.$mode.summary" 2> "$work/$name.$mode.stderr"
    echo "$name $mode: $(grep -c "(untrusted)" "$work/$name.$mode.summary") of $(wc -l < "$work/docs") documents untrusted" >> "${TRUST_LOG:-/dev/null}"
    if [[ -n ${KEEP:-} ]]; then mkdir -p "$KEEP/${name// /_}.$mode" && cp "$work/out"/*.beads "$KEEP/${name// /_}.$mode/"; fi
    local args=()
    while read -r d; do args+=("$dir/$d.$pair.gold" "$work/out/$d.$pair.beads"); done < "$work/docs"
    local label="tmkit align"; [[ $mode == gc ]] && label="Gale-Church (--length-only)"
    echo "| $name | $label | $($SCORE "${args[@]}") | $(calibration "${args[@]}") |"
  done
  if [[ -n "${HUNALIGN:-}" ]]; then
    : > "$work/null.dic"
    local args=()
    while read -r d; do
      "$HUNALIGN" -utf "$work/null.dic" "$dir/$d.$pair.$sl" "$dir/$d.$pair.$tl" > "$work/h.ladder" 2> /dev/null
      ladder_to_beads "$work/h.ladder" > "$work/$d.hun"
      args+=("$dir/$d.$pair.gold" "$work/$d.hun")
    done < "$work/docs"
    echo "| $name | hunalign -utf (null dictionary) | $($SCORE "${args[@]}") | - |"
  fi
}

echo "| set | aligner | score_alignment.py | calibration |"
echo "|---|---|---|---|"
# NTREX plain (derived_split: the professional translations as they are), named as run_set wants.
P="$work/plain"
mkdir -p "$P"
for g in "$A"/ntrex/derived_split/*.en-ru.gold; do
  d=$(basename "$g" .en-ru.gold)
  for tl in ru ar; do
    ln -s "$A/ntrex/derived_split/$d.en" "$P/$d.en-$tl.en"
    ln -s "$A/ntrex/derived_split/$d.$tl" "$P/$d.en-$tl.$tl"
    ln -s "$A/ntrex/derived_split/$d.en-$tl.gold" "$P/$d.en-$tl.gold"
  done
done
[[ -n ${SETS:-} ]] || SETS="plain hard merged textberg"
if [[ " $SETS " == *" plain "* ]]; then
  run_set "NTREX plain en-ru" en ru "$P" en-ru
  run_set "NTREX plain en-ar" en ar "$P" en-ar
fi
H="$A/ntrex/derived_synthetic_hard"
if [[ " $SETS " == *" hard "* ]]; then
  run_set "NTREX hard en-ru" en ru "$H" en-ru
  run_set "NTREX hard en-ar" en ar "$H" en-ar
fi
if [[ " $SETS " == *" merged "* ]]; then
  run_set "NTREX merged en-ru" en ru "$work/merged" en-ru
  run_set "NTREX merged en-ar" en ar "$work/merged" en-ar
fi
# Text+Berg dev: one document; its files are dev.de / dev.fr / dev.defr.
mkdir -p "$work/tb"
ln -s "$A/textberg-dev/dev.de" "$work/tb/dev.de-fr.de"
ln -s "$A/textberg-dev/dev.fr" "$work/tb/dev.de-fr.fr"
ln -s "$A/textberg-dev/dev.defr" "$work/tb/dev.de-fr.gold"
[[ " $SETS " != *" textberg "* ]] || run_set "Text+Berg dev de-fr" de fr "$work/tb" de-fr
