#!/usr/bin/env bash
# Outputs never follow a planted link and never replace what is not a regular file (issue 27,
# items 3 and 4): a link another user left at OUT.tmp is not written through; a FIFO, /dev/full
# and /dev/stdout are written through (and /dev/full's ENOSPC is an error, exit non-zero); a link
# the user names as OUT keeps being a link to the replaced file; a directory is refused; a failed
# export leaves the old OUT whole and no temporary behind.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}"
W=$(mktemp -d)
source "$TMKIT_SOURCE_DIR/tests/e2e/lib/serve.sh"
trap 'rm -rf "$W"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
seed_tmx "$W/seed.tmx"
"$TMKIT" import --tm "$W/tm" "$W/seed.tmx" >/dev/null
G="$TMKIT_SOURCE_DIR/glossaries/names.tbx"
D="$TMKIT_SOURCE_DIR/corpora/syria-geneva-talks/drafts"

# 3. A link planted at each verb's old fixed temporary name points at a private file.
echo "private" >"$W/private"; chmod 600 "$W/private"
ln -s "$W/private" "$W/out.tmx.tmp"; ln -s "$W/private" "$W/report.json.tmp"; ln -s "$W/private" "$W/g.tsv.tmp"
"$TMKIT" export --tm "$W/tm" --out "$W/out.tmx" >/dev/null 2>&1
"$TMKIT" check --format json --tgt-lang ru -g "$G" -o "$W/report.json" "$D/ru.tsv" >/dev/null || true
"$TMKIT" glossary "$G" --to tsv --src-lang en --tgt-lang ru -o "$W/g.tsv" >/dev/null 2>&1
[[ "$(cat "$W/private")" == private ]] || fail "a planted OUT.tmp link was written through"
grep -q '<tmx version="1.4">' "$W/out.tmx" || fail "export wrote no TMX"
grep -q '"check"' "$W/report.json" || fail "check -o wrote no report"
[[ -s "$W/g.tsv" ]] || fail "glossary -o wrote nothing"
[[ "$(stat -c %a "$W/out.tmx")" == "$(printf '%o' $(( 0666 & ~$(umask) )))" ]] || fail "export mode $(stat -c %a "$W/out.tmx"), umask $(umask)"
ls -a "$W" | grep -q 'tmp-' && fail "a temporary was left behind: $(ls -a "$W")"

# 4. Not a regular file: written through, never replaced.
mkfifo "$W/pipe"
cat "$W/pipe" >"$W/from-pipe" & reader=$!
"$TMKIT" export --tm "$W/tm" --out "$W/pipe" >/dev/null 2>&1
wait "$reader"
[[ -p "$W/pipe" ]] || fail "the FIFO was replaced"
cmp -s "$W/from-pipe" "$W/out.tmx" || fail "the FIFO did not receive the export"
"$TMKIT" export --tm "$W/tm" --out /dev/stdout >"$W/stdout.tmx" 2>/dev/null
cmp -s "$W/stdout.tmx" "$W/out.tmx" || fail "--out /dev/stdout did not write standard output"
"$TMKIT" export --tm "$W/tm" --out - >"$W/dash.tmx" 2>/dev/null
cmp -s "$W/dash.tmx" "$W/out.tmx" || fail "--out - did not write standard output"
set +e
"$TMKIT" export --tm "$W/tm" --out /dev/full 2>"$W/full.err"; code=$?
set -e
[[ $code -eq 3 ]] || fail "--out /dev/full exited $code, want 3"
[[ -c /dev/full ]] || fail "/dev/full is no longer a device"
grep -q '/dev/full' "$W/full.err" || fail "no message naming /dev/full: $(cat "$W/full.err")"
[[ $(wc -l <"$W/full.err") -eq 1 ]] || fail "more than one line: $(cat "$W/full.err")"

# A link the user names: the file behind it is replaced, the link stays.
echo old >"$W/real.tmx"; chmod 640 "$W/real.tmx"; ln -s real.tmx "$W/link.tmx"
"$TMKIT" export --tm "$W/tm" --out "$W/link.tmx" >/dev/null 2>&1
[[ -L "$W/link.tmx" ]] || fail "the named link was replaced"
cmp -s "$W/real.tmx" "$W/out.tmx" || fail "the file behind the link was not written"
[[ "$(stat -c %a "$W/real.tmx")" == 640 ]] || fail "an existing file lost its mode: $(stat -c %a "$W/real.tmx")"

# A directory is refused, and a failed export keeps the old file.
mkdir "$W/dir"
if "$TMKIT" export --tm "$W/tm" --out "$W/dir" 2>"$W/dir.err"; then fail "exported over a directory"; fi
grep -q 'directory' "$W/dir.err" || fail "no reason given: $(cat "$W/dir.err")"
cp "$W/out.tmx" "$W/keep.tmx"
chmod 500 "$W"
if "$TMKIT" export --tm "$W/tm" --out "$W/keep.tmx" 2>/dev/null && [[ $(id -u) -ne 0 ]]; then
  chmod 700 "$W"; fail "export into a read-only directory exited 0"
fi
chmod 700 "$W"
cmp -s "$W/keep.tmx" "$W/out.tmx" || fail "a failed export damaged the old OUT"
echo "output_files: ok"
