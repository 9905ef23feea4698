#!/usr/bin/env bash
# The `tmkit segment` contract: text and jsonl output, offsets that slice the input, paragraphs,
# BOM and CRLF, invalid UTF-8 (exit 2, byte offset, no output), empty input, unknown language,
# and --rules with Okapi's SRX file.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}" "${TMKIT_SHARED_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Text: one sentence per line, a blank line between paragraphs, soft line breaks joined.
printf 'Mr. Smith went to the U.S. Government office. He left at 5 p.m.\nand went home.\n\nSecond paragraph here.\n' > "$work/a.txt"
"$TMKIT" segment --lang en "$work/a.txt" > "$work/a.out"
printf 'Mr. Smith went to the U.S. Government office.\nHe left at 5 p.m. and went home.\n\nSecond paragraph here.\n' > "$work/a.want"
diff -u "$work/a.want" "$work/a.out" || fail "text output"
# stdin gives the same
"$TMKIT" segment --lang en < "$work/a.txt" | diff -u "$work/a.want" - || fail "stdin"

# jsonl: start/end slice the original bytes, including after a BOM and with CRLF.
printf '\xef\xbb\xbfHeadline here\r\n\xe2\x80\xa2 A bullet line\r\n\r\nOne sentence. Another one!\r\nThen St. Louis won.\r\n' > "$work/b.txt"
"$TMKIT" segment --lang en --format jsonl "$work/b.txt" > "$work/b.jsonl"
python3 - "$work/b.txt" "$work/b.jsonl" <<'PY' || fail "jsonl offsets"
import json, sys
data = open(sys.argv[1], 'rb').read()
rows = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
assert [r['text'] for r in rows] == ['Headline here', '\u2022 A bullet line', 'One sentence.',
                                     'Another one!', 'Then St. Louis won.'], rows
assert [(r['paragraph'], r['sentence']) for r in rows] == [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2)], rows
for r in rows:
    assert data[r['start']:r['end']].decode('utf-8') == r['text'], r
assert rows[0]['start'] == 3, rows[0]
PY

# --clean: markup and escaped line breaks go; jsonl offsets slice the CLEANED text, so the input's
# bytes at those offsets are not the sentence; invalid UTF-8 is still refused before any output.
printf '<p>First one.</p> <em>Second</em> one!\\r\\nThird ........ 7\n' > "$work/c.txt"
"$TMKIT" segment --lang en --clean "$work/c.txt" > "$work/c.out"
printf 'First one.\nSecond one!\n\nThird\n' | diff -u - "$work/c.out" || fail "--clean text"
"$TMKIT" segment --lang en --clean --format jsonl < "$work/c.txt" > "$work/c.jsonl"
python3 - "$work/c.jsonl" <<'PY' || fail "--clean jsonl"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
cleaned = 'First one.\nSecond one!\n\nThird'
assert [r['text'] for r in rows] == ['First one.', 'Second one!', 'Third'], rows
for r in rows:
    assert cleaned.encode()[r['start']:r['end']].decode() == r['text'], r
PY
printf 'Ok.\xff\n' | { "$TMKIT" segment --lang en --clean > "$work/cbad.out" 2> "$work/cbad.err" && fail "--clean accepted bad UTF-8"; } || true
grep -q "invalid UTF-8 at byte 3" "$work/cbad.err" || fail "--clean message: $(cat "$work/cbad.err")"
[[ ! -s "$work/cbad.out" ]] || fail "--clean wrote output for bad input"

# Invalid UTF-8: exit 2, one line naming the file and byte offset, nothing on stdout.
printf 'Good sentence.\n\nBad \xff byte.\n' > "$work/bad.txt"
set +e
"$TMKIT" segment --lang en "$work/bad.txt" > "$work/bad.out" 2> "$work/bad.err"; code=$?
set -e
[[ $code -eq 2 ]] || fail "invalid UTF-8 exit $code"
grep -q "bad.txt: invalid UTF-8 at byte 20" "$work/bad.err" || fail "message: $(cat "$work/bad.err")"
[[ $(wc -l < "$work/bad.err") -eq 1 ]] || fail "error is not one line"
[[ ! -s "$work/bad.out" ]] || fail "output written for invalid input"
# From stdin the paragraphs before the bad byte come out, and the exit status says it is incomplete.
set +e
"$TMKIT" segment --lang en < "$work/bad.txt" > "$work/bad2.out" 2> "$work/bad2.err"; code=$?
set -e
[[ $code -eq 2 ]] || fail "stdin invalid UTF-8 exit $code"
grep -q "<stdin>: invalid UTF-8 at byte 20" "$work/bad2.err" || fail "stdin message"

# Empty input: no output, exit 0.
: > "$work/empty.txt"
[[ -z $("$TMKIT" segment --lang ru "$work/empty.txt") ]] || fail "empty input produced output"
[[ -z $(printf '\n\n' | "$TMKIT" segment --lang ar) ]] || fail "blank input produced output"

# Unknown language: exit 2, the message lists what is supported.
set +e
"$TMKIT" segment --lang xx "$work/a.txt" > /dev/null 2> "$work/lang.err"; code=$?
set -e
[[ $code -eq 2 ]] || fail "unknown language exit $code"
grep -q "en, ru, ar" "$work/lang.err" || fail "unknown language message: $(cat "$work/lang.err")"

# --rules: Okapi's SRX loads and applies (German has no built-in rules: Okapi keeps "Dr." and "z.B.").
okapi="$TMKIT_SHARED_DIR/data/segmentation/srx/okapi_defaultSegmentation.srx"
out=$(printf 'Dr. Müller kam z.B. heute. Er ging.\n' | "$TMKIT" segment --lang de --rules "$okapi")
[[ "$out" == $'Dr. Müller kam z.B. heute.\nEr ging.' ]] || fail "okapi rules: $out"
printf '<srx><body><languagerules><languagerule languagerulename="X">\n<rule><beforebreak>[a-</beforebreak></rule>\n</languagerule></languagerules><maprules><languagemap languagepattern=".*" languagerulename="X"/></maprules></body></srx>\n' > "$work/bad.srx"
set +e
"$TMKIT" segment --lang en --rules "$work/bad.srx" "$work/a.txt" > /dev/null 2> "$work/srx.err"; code=$?
set -e
[[ $code -eq 2 ]] || fail "bad srx exit $code"
grep -q "bad.srx:2: invalid regular expression" "$work/srx.err" || fail "bad srx message: $(cat "$work/srx.err")"

# The bundled article: headline and bullets are sentences of their own, abbreviations hold.
"$TMKIT" segment --lang en "$TMKIT_SOURCE_DIR/corpora/syria-geneva-talks/en.txt" > "$work/article.txt"
head -1 "$work/article.txt" | grep -qx "Syrians defiant as world powers plan talks" || fail "headline"
grep -qx "Clinton and Russian Foreign Minister Sergey Lavrov met in St. Petersburg on Friday amid their nations' deep divisions over the crisis." "$work/article.txt" || fail "St. Petersburg"
echo "segment_cli: ok"
