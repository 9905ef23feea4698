#!/usr/bin/env bash
# The main job on the bundled corpus: installs what is missing, builds, then runs the pipeline on
# the seed article (corpora/syria-geneva-talks). Output goes to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
TMKIT=build/bin/tmkit
DOC=corpora/syria-geneva-talks
mkdir -p out

echo "== segment: $DOC/en.txt"
$TMKIT segment --lang en "$DOC/en.txt" > out/en.sentences.txt
echo "   $(grep -c . out/en.sentences.txt) sentences -> out/en.sentences.txt"

echo "== check: the seed article's translations against glossaries/ (report in out/)"
for L in ru ar; do
  set +e
  $TMKIT check --tgt-lang "$L" -g glossaries/names.tbx "$DOC/en.txt" "$DOC/$L.txt" > "out/check.$L.txt"
  code=$?
  $TMKIT check --tgt-lang "$L" -g glossaries/names.tbx --format html -o "out/check.$L.html" "$DOC/en.txt" "$DOC/$L.txt"
  set -e
  [[ $code -le 1 ]] || { echo "check failed ($code)"; exit "$code"; }
  echo "   $L: $(tail -1 "out/check.$L.txt") -> out/check.$L.txt, out/check.$L.html"
done

echo "== align: the seed article with its Russian and Arabic versions, into a TM, exported as TMX"
# One sentence per line with a blank line between paragraphs, from the corpus's gold segmentation.
for L in en ru ar; do
  paste -d'\t' "$DOC/$L.paras" "$DOC/$L.sents" | awk -F'\t' 'NR > 1 && $1 != p { print "" } { print $2; p = $1 }' \
    > "out/$L.presegmented.txt"
done
rm -rf out/seed.tm
for L in ru ar; do
  $TMKIT align --presegmented --src-lang en --tgt-lang "$L" --glossary glossaries/names.tbx \
    out/en.presegmented.txt "out/$L.presegmented.txt" > "out/align.en-$L.beads"
  echo "   en-$L: $($TMKIT align-score "$DOC/en-$L.gold" "out/align.en-$L.beads") -> out/align.en-$L.beads"
  $TMKIT align --presegmented --src-lang en --tgt-lang "$L" --glossary glossaries/names.tbx \
    --into out/seed.tm --min-confidence 0.8 out/en.presegmented.txt "out/$L.presegmented.txt" | sed 's/^/   /'
done
$TMKIT export --tm out/seed.tm --out out/seed.tmx | sed 's/^/   /'
