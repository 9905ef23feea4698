#!/usr/bin/env bash
# Long jobs draw a progress line on a terminal and stay quiet otherwise (docs/cli.md): segment of a
# file and verify, run under a pseudo-terminal (script, from bsdutils) and without one.
set -euo pipefail
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
ARTICLE="$TMKIT_SOURCE_DIR/corpora/syria-geneva-talks/en.txt"
export TERM=xterm  # a "dumb" terminal (some CI runners) gets no progress line, by design
on_terminal() { script -qec "$1" /dev/null | tr '\r' '\n'; }

# segment: progress on the terminal, the same sentences in the file as without one.
on_terminal "'$TMKIT' segment --lang en '$ARTICLE' > '$W/tty.txt'" > "$W/screen"
grep -q "segmenting (bytes) \[#*\] $(stat -c %s "$ARTICLE")/$(stat -c %s "$ARTICLE")" "$W/screen" \
  || fail "segment drew no finished progress line: $(head -c 300 "$W/screen")"
"$TMKIT" segment --lang en "$ARTICLE" > "$W/plain.txt" 2> "$W/err"
[[ ! -s "$W/err" ]] || fail "segment wrote to stderr without a terminal: $(head -c 300 "$W/err")"
cmp -s "$W/tty.txt" "$W/plain.txt" || fail "segment's output differs on a terminal"
# When the sentences go to the terminal themselves, no progress line is mixed into them.
on_terminal "'$TMKIT' segment --lang en '$ARTICLE'" > "$W/screen"
grep -q "segmenting" "$W/screen" && fail "progress drawn among the sentences"

# verify: a TM with enough word index entries for the line to be drawn (~150k).
python3 "$(dirname "$0")/lib/random_units.py" "$W/units.tsv" 6000 3
"$TMKIT" import --tm "$W/tm" --src-lang en --tgt-lang ru "$W/units.tsv" > /dev/null
on_terminal "'$TMKIT' verify --tm '$W/tm'" > "$W/screen"
grep -q "verifying \[" "$W/screen" || fail "verify drew no progress line: $(head -c 300 "$W/screen")"
grep -q ": ok$" "$W/screen" || fail "verify on a terminal: $(head -c 300 "$W/screen")"
"$TMKIT" verify --tm "$W/tm" > "$W/out" 2> "$W/err"
[[ ! -s "$W/err" ]] || fail "verify wrote to stderr without a terminal: $(head -c 300 "$W/err")"
echo "progress: segment and verify draw on a terminal only"
