#!/usr/bin/env bash
# Interop: Translate Toolkit's pocount reads a tmkit export and counts the units tmkit wrote.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SHARED_DIR:?}"
if ! command -v pocount >/dev/null; then
  echo "SKIP: pocount (translate-toolkit) is not installed (scripts/setup.sh --with-test-peers installs it)"
  exit 0
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
SAMPLES="$TMKIT_SHARED_DIR/data/tmx/samples"
for f in "$SAMPLES"/*.tmx; do "$TMKIT" import --tm "$WORK/tm" "$f" >/dev/null; done
check() {  # check OUT.tmx [export options...]
  local out=$1; shift
  "$TMKIT" export --tm "$WORK/tm" --out "$out" "$@" 2> "$WORK/export.err"
  local ours theirs
  ours=$(sed -n 's/.*: \([0-9]*\) units$/\1/p' "$WORK/export.err")
  theirs=$(pocount --csv "$out" | tail -1 | cut -d, -f9 | tr -d ' ')
  [[ -n $ours && $ours == "$theirs" ]] || fail "pocount counts '$theirs' units in $out, tmkit wrote '$ours'"
  echo "$(basename "$out"): tmkit $ours, pocount $theirs"
}
check "$WORK/all.tmx"
check "$WORK/en-ar.tmx" --langs en,ar
check "$WORK/en-fr.tmx" --langs en,fr
echo "tm_interop_pocount: ok"
