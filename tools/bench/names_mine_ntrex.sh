#!/usr/bin/env bash
# names mine on TMs aligned from the 123 NTREX documents (en-ru, en-ar), scored against the hand
# gold (tools/bench/names_mine_gold.tsv): all of it, and its first two rounds alone (--original).
#   tools/bench/names_mine_ntrex.sh [TMKIT] [WORK]      (TMs are built once into WORK and reused)
set -euo pipefail
TMKIT=${1:-build/bin/tmkit}
WORK=${2:-/tmp/names-mine-ntrex}
HERE=$(cd "$(dirname "$0")" && pwd)
SHARED=${TMKIT_SHARED_DIR:-$HERE/../../../shared}
N="$SHARED/data/alignment/ntrex/derived_split"
mkdir -p "$WORK"
for lang in ru ar; do
  if [[ ! -d "$WORK/$lang.tm" ]]; then
    for en in "$N"/*.en; do printf '%s %s\n' "$en" "${en%.en}.$lang"; done > "$WORK/$lang.lst"
    "$TMKIT" align --batch "$WORK/$lang.lst" --tgt-lang "$lang" --into "$WORK/$lang.tm" > /dev/null
  fi
  "$TMKIT" names mine --tm "$WORK/$lang.tm" --tgt-lang "$lang" -o "$WORK/$lang.tsv"
  echo "== en-$lang, whole gold"
  python3 "$HERE/names_mine_eval.py" "$HERE/names_mine_gold.tsv" "$WORK/$lang.tsv" "$lang"
  echo "== en-$lang, first two rounds (--original)"
  python3 "$HERE/names_mine_eval.py" "$HERE/names_mine_gold.tsv" "$WORK/$lang.tsv" "$lang" --original | grep -v '^    '
done
