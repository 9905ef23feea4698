#!/usr/bin/env bash
# The main job on the bundled corpus: installs what is missing, builds, then runs the pipeline on
# the seed article (corpora/syria-geneva-talks): segment, align, store, check, export. Output goes
# to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
echo "== build (a first build takes minutes)"
scripts/build.sh
TMKIT=build/bin/tmkit
DOC=corpora/syria-geneva-talks
GLOSSARY=glossaries/names.tbx
mkdir -p out
rm -rf out/seed.tm

echo "== segment: the article and its Russian and Arabic versions"
# One sentence per line, a blank line between paragraphs: what align and check take --presegmented.
for L in en ru ar; do
  $TMKIT segment --lang "$L" "$DOC/$L.txt" > "out/$L.sentences.txt"
  echo "   $L: $(grep -c . "out/$L.sentences.txt") sentences -> out/$L.sentences.txt"
done

echo "== align and store: sentence pairs (scored against the gold alignment), then one en+ru+ar unit per English sentence into out/seed.tm"
for L in ru ar; do
  $TMKIT align --presegmented --src-lang en --tgt-lang "$L" --glossary "$GLOSSARY" \
    out/en.sentences.txt "out/$L.sentences.txt" > "out/align.en-$L.beads"
  echo "   en-$L: $($TMKIT align-score "$DOC/en-$L.gold" "out/align.en-$L.beads") -> out/align.en-$L.beads"
done
# Both translations at once: each is aligned to the English, and the beads are joined on the English
# side, so the Russian and Arabic of a sentence are one unit (docs/alignment.md "N-way alignment").
$TMKIT align --presegmented --src-lang en --tgt-lang ru,ar --glossary "$GLOSSARY" \
  --into out/seed.tm --min-confidence 0.8 out/en.sentences.txt out/ru.sentences.txt out/ar.sentences.txt | sed 's/^/   /'
echo "   $($TMKIT stats --tm out/seed.tm | grep -iE '^ *(units|ar|en|ru)\b' | tr -s ' ' | paste -sd';' -)"

echo "== check: the translations against $GLOSSARY and the TM (findings are what an editor would fix)"
for L in ru ar; do
  set +e  # exit 1 = findings, which is the point here; 2 and above are failures
  $TMKIT check --presegmented --tgt-lang "$L" -g "$GLOSSARY" --tm out/seed.tm \
    out/en.sentences.txt "out/$L.sentences.txt" > "out/check.$L.txt"
  code=$?
  set -e
  [[ $code -le 1 ]] || { echo "check failed (exit $code)" >&2; exit "$code"; }
  $TMKIT check --presegmented --tgt-lang "$L" -g "$GLOSSARY" --tm out/seed.tm --format html \
    -o "out/check.$L.html" out/en.sentences.txt "out/$L.sentences.txt" || [[ $? -le 1 ]]
  echo "   $L: $(tail -1 "out/check.$L.txt") -> out/check.$L.txt, out/check.$L.html"
  grep "^segment" "out/check.$L.txt" | cut -c1-140 | sed 's/^/     /' || true
done

echo "== look up: a new sentence close to one in the TM (fuzzy match, differences in [[ ]]), and a concordance"
QUERY='(CNN) -- International envoy Kofi Annan expressed optimism Saturday that the latest talks on the crisis in Syria will yield "an appropriate outcome," despite a failed peace plan and continuing violence in the Middle East nation.'
echo "   query: $QUERY"
$TMKIT lookup --tm out/seed.tm --src-lang en --tgt-lang ar --limit 1 "$QUERY" | sed 's/^/   /'
echo "   the Arabic desk asks from the Russian (one trilingual unit answers ru->ar):"
$TMKIT lookup --tm out/seed.tm --src-lang ru --tgt-lang ar --limit 1 "$(sed -n 1p out/ru.sentences.txt)" | sed 's/^/   /'
$TMKIT concordance --tm out/seed.tm --lang en --limit 1 "Kofi Annan" | sed 's/^/   /'

echo "== export: the TM as TMX 1.4b"
$TMKIT export --tm out/seed.tm --out out/seed.tmx 2>&1 | sed 's/^/   /'
