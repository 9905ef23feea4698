#!/usr/bin/env bash
# tmkit align / align-score from the command line: formats, bad input, warnings, batch mode.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SHARED_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

printf '%s\n' "President Bashar al-Assad met the envoy in Geneva on Monday." "The talks lasted 6 hours." \
  "They will resume in 2019." "Moscow welcomed the 12 proposals." > "$work/doc.en"
printf '%s\n' "Президент Башар Асад встретился с посланником в Женеве в понедельник." \
  "Переговоры длились 6 часов, они возобновятся в 2019 году." "Москва приветствовала 12 предложений." > "$work/doc.ru"

# Beads: the gold-file format, with a confidence in [0, 1].
"$TMKIT" align --presegmented --src-lang en --tgt-lang ru "$work/doc.en" "$work/doc.ru" > "$work/out.beads"
grep -qx '\[1, 2\]:\[1\]:[01]\.[0-9]\{3\}' "$work/out.beads" || fail "expected the 2-1 bead [1, 2]:[1], got: $(cat "$work/out.beads")"
[[ $(wc -l < "$work/out.beads") -eq 3 ]] || fail "expected 3 beads"

# TSV and JSON carry the text.
"$TMKIT" align --presegmented --tgt-lang ru --format tsv "$work/doc.en" "$work/doc.ru" > "$work/out.tsv"
grep -q $'^Moscow welcomed the 12 proposals.\tМосква приветствовала 12 предложений.\t' "$work/out.tsv" || fail "tsv: $(cat "$work/out.tsv")"
"$TMKIT" align --presegmented --tgt-lang ru --format json "$work/doc.en" "$work/doc.ru" > "$work/out.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d['beads'])==3 and d['beads'][1]['src']==[1,2], d" "$work/out.json" \
  || fail "json output"

# Invalid UTF-8: file and byte offset, exit 2, nothing on stdout.
printf 'fine\nbad \xff here\n' > "$work/bad.ru"
set +e
"$TMKIT" align --presegmented --tgt-lang ru "$work/doc.en" "$work/bad.ru" > "$work/stdout" 2> "$work/stderr"
code=$?
set -e
[[ $code -eq 2 ]] || fail "invalid UTF-8: exit $code, expected 2"
grep -q "bad.ru: invalid UTF-8 at byte 9" "$work/stderr" || fail "invalid UTF-8 message: $(cat "$work/stderr")"
[[ ! -s "$work/stdout" ]] || fail "invalid UTF-8: something was printed"

# An empty side: a warning, every sentence unaligned, exit 0.
: > "$work/empty.ru"
"$TMKIT" align --presegmented --tgt-lang ru "$work/doc.en" "$work/empty.ru" > "$work/out" 2> "$work/stderr"
grep -q "target side is empty" "$work/stderr" || fail "no empty-side warning"
[[ $(grep -c ':\[\]:' "$work/out") -eq 4 ]] || fail "empty side: expected 4 deletions"

# Very different sizes: a warning, still aligned.
for k in $(seq 1 12); do echo "Sentence number $k is here."; done > "$work/long.en"
echo "Предложение номер 3 здесь." > "$work/short.ru"
"$TMKIT" align --presegmented --tgt-lang ru "$work/long.en" "$work/short.ru" > "$work/out" 2> "$work/stderr"
grep -q "differ much in size" "$work/stderr" || fail "no size warning"
grep -q "document score 0.0[0-9] < 0.50: the target is 0.1x the length of the source" "$work/stderr" \
  || fail "no untrusted-document warning: $(cat "$work/stderr")"

# Mismatched paragraph counts: a warning, aligned across paragraphs.
printf 'One thing happened.\n\nThen 2 more.\n\nAnd 3 at last.\n' > "$work/p.en"
printf 'Случилось одно.\n\nПотом ещё 2 и 3 в конце.\n' > "$work/p.ru"
"$TMKIT" align --presegmented --tgt-lang ru "$work/p.en" "$work/p.ru" > "$work/out" 2> "$work/stderr"
grep -q "paragraph counts differ (3 vs 2)" "$work/stderr" || fail "no paragraph warning: $(cat "$work/stderr")"

# No dictionary installed where we look: a warning naming the package, still aligns.
"$TMKIT" align --presegmented --tgt-lang ar --dict-dir "$work/nowhere" "$work/doc.en" "$work/doc.ru" > "$work/out" 2> "$work/stderr"
grep -q "dict-freedict-eng-ara" "$work/stderr" || fail "missing dictionary message: $(cat "$work/stderr")"
[[ -s "$work/out" ]] || fail "no alignment without a dictionary"

# Usage errors exit 2.
set +e
"$TMKIT" align --presegmented --tgt-lang ru "$work/doc.en" > /dev/null 2>&1; [[ $? -eq 2 ]] || fail "one file: expected exit 2"
"$TMKIT" align --presegmented --tgt-lang ru --param nonsense=1 "$work/doc.en" "$work/doc.ru" > /dev/null 2>&1
[[ $? -eq 2 ]] || fail "unknown parameter: expected exit 2"
set -e

# Batch over a directory of NAME.en/NAME.ru files: one summary line per document.
mkdir -p "$work/dir" "$work/beads"
cp "$work/doc.en" "$work/dir/a.en"; cp "$work/doc.ru" "$work/dir/a.ru"
cp "$work/p.en" "$work/dir/b.en"; cp "$work/p.ru" "$work/dir/b.ru"
echo "$work/dir" > "$work/list"
"$TMKIT" align --presegmented --tgt-lang ru --batch "$work/list" --out-dir "$work/beads" > "$work/summary"
[[ $(wc -l < "$work/summary") -eq 2 ]] || fail "batch summary: $(cat "$work/summary")"
[[ -s "$work/beads/a.beads" && -s "$work/beads/b.beads" ]] || fail "batch outputs missing"

# --into: confident beads become TM units with document, position and neighbours; a bad input
# stores nothing.
"$TMKIT" align --presegmented --tgt-lang ru --into "$work/tm" --min-confidence 0.5 "$work/doc.en" "$work/doc.ru" > "$work/out"
grep -q "stored [1-9][0-9]* of 3 beads" "$work/out" || fail "--into: $(cat "$work/out")"
"$TMKIT" export --tm "$work/tm" --out "$work/tm.tmx" > /dev/null
grep -q "Москва приветствовала 12 предложений." "$work/tm.tmx" || fail "--into: unit missing from the TM"
grep -q 'x-tmkit-align-confidence' "$work/tm.tmx" || fail "--into: no confidence prop"
before=$(grep -c "<tu " "$work/tm.tmx")
set +e
"$TMKIT" align --presegmented --tgt-lang ru --into "$work/tm" "$work/doc.en" "$work/bad.ru" > /dev/null 2>&1
code=$?
set -e
[[ $code -eq 2 ]] || fail "--into with bad input: exit $code, expected 2"
"$TMKIT" export --tm "$work/tm" --out "$work/tm2.tmx" > /dev/null
[[ $(grep -c "<tu " "$work/tm2.tmx") -eq $before ]] || fail "--into with bad input changed the TM"
set +e
"$TMKIT" align --presegmented --tgt-lang ru --into "$work/tm-new" "$work/doc.en" "$work/bad.ru" > /dev/null 2>&1
set -e
[[ ! -e "$work/tm-new" ]] || fail "--into with bad input created a TM"

# Document trust: shown in JSON and batch summaries; an untrusted pair (here one side 20x the
# other, an English "translation" claimed to be Russian) stores nothing, says why, exits 0, or 1
# with --fail-on-untrusted.
python3 -c "import json,sys; d=json.load(open(sys.argv[1]))['document']; assert d['trusted'] and d['score'] >= 0.5, d" \
  "$work/out.json" || fail "json: no trusted document score: $(cat "$work/out.json")"
grep -q $'^a\t.*\tdocument score [01]\.[0-9][0-9]' "$work/summary" || fail "batch summary lacks the score: $(cat "$work/summary")"
for k in $(seq 1 20); do cat "$work/doc.ru"; done > "$work/long.ru"
head -1 "$work/doc.en" > "$work/one.en"
before=$(grep -c "<tu " "$work/tm.tmx")
"$TMKIT" align --presegmented --tgt-lang ru --into "$work/tm" "$work/one.en" "$work/long.ru" > "$work/out" 2> "$work/stderr" \
  || fail "--into an untrusted pair: exit $?, expected 0"
grep -q "one.en: document score 0.0[0-9] < 0.50: the target is .*x the length of the source; nothing of it stored" "$work/stderr" \
  || fail "--into an untrusted pair: $(cat "$work/stderr")"
grep -q "stored 0 of" "$work/out" || fail "--into an untrusted pair: $(cat "$work/out")"
"$TMKIT" export --tm "$work/tm" --out "$work/tm3.tmx" > /dev/null
[[ $(grep -c "<tu " "$work/tm3.tmx") -eq $before ]] || fail "an untrusted pair changed the TM"
set +e
"$TMKIT" align --presegmented --tgt-lang ru --fail-on-untrusted "$work/doc.en" "$work/doc.en" > /dev/null 2> "$work/stderr"
code=$?
set -e
[[ $code -eq 1 ]] || fail "--fail-on-untrusted: exit $code, expected 1"
grep -q "script of ru" "$work/stderr" || fail "English as Russian: $(cat "$work/stderr")"
"$TMKIT" align --presegmented --tgt-lang ru --fail-on-untrusted "$work/doc.en" "$work/doc.ru" > /dev/null \
  || fail "--fail-on-untrusted on a good pair: exit $?"

# An unknown language pair is exit 2, presegmented or not.
for seg in --presegmented ""; do
  set +e
  "$TMKIT" align $seg --tgt-lang xx "$work/doc.en" "$work/doc.ru" > /dev/null 2> "$work/stderr"
  code=$?
  set -e
  [[ $code -eq 2 ]] || fail "unknown language ($seg): exit $code, expected 2"
  grep -q "unknown language 'xx'" "$work/stderr" || fail "unknown language message: $(cat "$work/stderr")"
done

# align-score prints exactly what score_alignment.py prints.
D="$TMKIT_SHARED_DIR/data/alignment/ntrex/derived_synthetic_hard"
doc=abcnews.306755
"$TMKIT" align --presegmented --tgt-lang ru "$D/$doc.en-ru.en" "$D/$doc.en-ru.ru" > "$work/ntrex.beads"
ours=$("$TMKIT" align-score "$D/$doc.en-ru.gold" "$work/ntrex.beads" "$work/out.beads" "$work/out.beads")
theirs=$(python3 "$TMKIT_SHARED_DIR/data/alignment/score_alignment.py" "$D/$doc.en-ru.gold" "$work/ntrex.beads" "$work/out.beads" "$work/out.beads")
[[ "$ours" == "$theirs" ]] || fail "align-score '$ours' != score_alignment.py '$theirs'"
echo "ok"
