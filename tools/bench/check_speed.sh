#!/usr/bin/env bash
# Whole-process speed of `tmkit check`: a 1,000-segment ru draft against a generated 100,000-concept
# glossary (plus names.tbx), side by side with the same draft against names.tbx alone (the cost of
# the big glossary = the difference). CPU (user+sys) seconds and max RSS by /usr/bin/time.
# Usage: tools/bench/check_speed.sh [path/to/tmkit]   (build Release for numbers)
set -euo pipefail
cd "$(dirname "$0")/../.."
TMKIT="${1:-build/bin/tmkit}"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
python3 tools/bench/check_gen.py glossary 100000 "$W/g100k.tbx"
python3 tools/bench/check_gen.py draft 1000 "$W/g100k.tbx" corpora/syria-geneva-talks/drafts/ru.tsv "$W/draft.tsv"
measure() {
  local label="$1"; shift
  /usr/bin/time -f "$label\t%U user\t%S sys\t%e wall\t%M KB" "$@" > /dev/null 2> "$W/time" || true
  tail -1 "$W/time"
}
echo "glossary: $(du -h "$W/g100k.tbx" | cut -f1), draft: $(wc -l < "$W/draft.tsv") segments"
measure "names.tbx only     " "$TMKIT" check --tgt-lang ru -g glossaries/names.tbx --format json "$W/draft.tsv"
measure "names + 100k terms " "$TMKIT" check --tgt-lang ru -g glossaries/names.tbx -g "$W/g100k.tbx" --format json "$W/draft.tsv"
measure "100k load only     " "$TMKIT" terms -g "$W/g100k.tbx" --src-lang ru /dev/null
