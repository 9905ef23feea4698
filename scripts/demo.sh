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
