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
