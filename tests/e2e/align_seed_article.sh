#!/usr/bin/env bash
# The seed article (corpora/syria-geneva-talks): aligned with its Russian and Arabic versions,
# paragraphs taken from LANG.paras, names from glossaries/names.tbx, every gold bead must be found.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}"
C="$TMKIT_SOURCE_DIR/corpora/syria-geneva-talks"
G="$TMKIT_SOURCE_DIR/glossaries/names.tbx"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One sentence per line, a blank line between paragraphs (the --presegmented format).
for l in en ru ar; do
  paste -d'\t' "$C/$l.paras" "$C/$l.sents" | awk -F'\t' 'NR > 1 && $1 != p { print "" } { print $2; p = $1 }' > "$work/$l"
done
for tl in ru ar; do
  "$TMKIT" align --presegmented --src-lang en --tgt-lang "$tl" --glossary "$G" "$work/en" "$work/$tl" > "$work/$tl.beads"
  score=$("$TMKIT" align-score "$C/en-$tl.gold" "$work/$tl.beads")
  echo "seed article en-$tl: $score"
  [[ "$score" == *"P_strict=1.000 R_strict=1.000"* ]] || {
    echo "FAIL: en-$tl beads differ from the gold:" >&2
    diff <(sed 's/:[0-9.]*$//' "$work/$tl.beads") "$C/en-$tl.gold" >&2 || true
    exit 1
  }
done
