#!/bin/sh
# Relearns the transliteration models shipped in engine/terms/names/ from the Wikidata name lists
# in ../shared/data/names (training splits only; the development split stays for measurement).
#   scripts/train_names.sh [BUILD_DIR]        (default: build; needs build/bin/tmkit)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
tmkit=${1:-$here/build}/bin/tmkit
data=${TMKIT_SHARED_DIR:-$here/../shared}/data/names
cd "$data"
"$tmkit" names train --tgt-lang ru wd_russian_64 -o "$here/engine/terms/names/en-ru.model"
"$tmkit" names train --tgt-lang ar --iterations 10 wd_arabic_64 -o "$here/engine/terms/names/en-ar.model"
