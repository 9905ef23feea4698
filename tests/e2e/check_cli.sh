#!/usr/bin/env bash
# tmkit check as a user drives it: exit codes, --fail-on, text/json/html reports, input errors.
set -euo pipefail
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
G="$TMKIT_SOURCE_DIR/glossaries/names.tbx"
fail() { echo "FAIL: $*" >&2; exit 1; }
run() { set +e; "$@"; code=$?; set -e; }

printf 'Assad met Lavrov in Geneva.\tАсад встретился с Лавровым в Женеве.\n' > "$T/clean.tsv"
run "$TMKIT" check -g "$G" --tgt-lang ru "$T/clean.tsv" > "$T/out.txt"
[[ $code -eq 0 ]] || { cat "$T/out.txt"; fail "clean translation: exit $code, want 0"; }

printf 'Assad met Lavrov on Friday.\tАссад встретился с Лавровым в пятницу.\nDamascus was hit 3 times.\tСтолица подверглась ударам 4 раза.\n' > "$T/bad.tsv"
run "$TMKIT" check -g "$G" --tgt-lang ru "$T/bad.tsv" > "$T/out.txt"
[[ $code -eq 1 ]] || fail "errors found: exit $code, want 1"
grep -q "error \[term-deprecated\] «Ассад» is a deprecated form of Bashar al-Assad" "$T/out.txt" || fail "text report: $(cat "$T/out.txt")"
grep -q "tgt: ⟦Ассад⟧ встретился" "$T/out.txt" || fail "text report does not mark the span"
grep -q "suggestion: Асад$" "$T/out.txt" || fail "text report has no suggestion (the allowed form of as many words): $(cat "$T/out.txt")"

# --fail-on decides which severities make exit 1.
printf 'Talks in Damascus.\tПереговоры в столице.\n' > "$T/warn.tsv"
run "$TMKIT" check -g "$G" --tgt-lang ru "$T/warn.tsv" >/dev/null
[[ $code -eq 0 ]] || fail "a warning with the default --fail-on error: exit $code, want 0"
# term-missing is a note (a paraphrase may be right): it reaches --fail-on note, not warning.
run "$TMKIT" check -g "$G" --tgt-lang ru --fail-on warning "$T/warn.tsv" >/dev/null
[[ $code -eq 0 ]] || fail "a note with --fail-on warning: exit $code, want 0"
run "$TMKIT" check -g "$G" --tgt-lang ru --fail-on note "$T/warn.tsv" >/dev/null
[[ $code -eq 1 ]] || fail "a note with --fail-on note: exit $code, want 1"
run "$TMKIT" check -g "$G" --tgt-lang ru --fail-on note --skip term-missing "$T/warn.tsv" >/dev/null
[[ $code -eq 0 ]] || fail "--skip term-missing: exit $code, want 0"

run "$TMKIT" check -g "$G" --tgt-lang ru --format json "$T/bad.tsv" > "$T/out.json"
python3 - "$T/out.json" <<'PY' || fail "json report"
import json, sys
f = json.load(open(sys.argv[1]))
keys = {"check", "severity", "segment", "source_span", "target_span", "message", "suggestion", "concept"}
assert all(keys <= set(x) for x in f), f
d = [x for x in f if x["check"] == "term-deprecated"][0]
assert d["segment"] == 1 and d["target_span"]["text"] == "Ассад" and d["severity"] == "error"
n = [x for x in f if x["check"] == "number-changed"][0]
assert n["source_span"]["text"] == "3" and n["target_span"]["text"] == "4"
PY
run "$TMKIT" check -g "$G" --tgt-lang ru --format html -o "$T/report.html" "$T/bad.tsv"
[[ $code -eq 1 ]] || fail "html: exit $code"
grep -q "<mark>Ассад</mark>" "$T/report.html" || fail "html report does not highlight"
xmllint --html --noout "$T/report.html" 2>/dev/null || fail "html report does not parse"

# The same deprecated form twice is one finding with two places (docs/checks.md, "Counting"):
# the text report lists the repeat under it and counts findings and places; JSON keeps each place.
printf 'Assad spoke.\tАссад выступил.\nLater Assad left.\tПозже Ассад уехал.\n' > "$T/twice.tsv"
run "$TMKIT" check -g "$G" --tgt-lang ru "$T/twice.tsv" > "$T/out.txt"
[[ $code -eq 1 ]] || fail "a repeated error: exit $code, want 1"
grep -q "is a deprecated form of Bashar al-Assad (confidence 1.00), 2 places$" "$T/out.txt" || fail "repeat not grouped: $(cat "$T/out.txt")"
grep -q "^  also segment 2$" "$T/out.txt" || fail "repeat not listed: $(cat "$T/out.txt")"
grep -q "^2 segments, 1 finding in 2 places: 1 error, 0 warnings, 0 notes$" "$T/out.txt" || fail "counts: $(tail -1 "$T/out.txt")"
run "$TMKIT" check -g "$G" --tgt-lang ru --format json "$T/twice.tsv" > "$T/out.json"
python3 -c 'import json,sys; f=json.load(open(sys.argv[1])); assert [(x["segment"],x["finding"],x["occurrences"]) for x in f]==[(1,1,2),(2,1,2)], f' "$T/out.json" \
  || fail "json occurrences: $(cat "$T/out.json")"

# A document and its translation: segmented and aligned; a dropped sentence is an empty target.
printf 'Assad spoke in Damascus on Friday. Lavrov left for Geneva.\n\nThe talks ended.\n' > "$T/src.txt"
printf 'Асад выступил в Дамаске в пятницу. Лавров уехал в Женеву.\n\nПереговоры завершились.\n' > "$T/tgt.txt"
run "$TMKIT" check -g "$G" --tgt-lang ru "$T/src.txt" "$T/tgt.txt" > "$T/out.txt"
[[ $code -eq 0 ]] || { cat "$T/out.txt"; fail "aligned documents: exit $code"; }
grep -q "^3 segments" "$T/out.txt" || fail "aligned documents: $(tail -1 "$T/out.txt")"
printf 'Асад выступил в Дамаске в пятницу.\n\nПереговоры завершились.\n' > "$T/tgt2.txt"
# (The aligner may join the dropped sentence to its neighbour; either way Lavrov is reported.)
run "$TMKIT" check -g "$G" --tgt-lang ru --fail-on warning "$T/src.txt" "$T/tgt2.txt" > "$T/out.txt"
[[ $code -eq 1 ]] || fail "a dropped sentence: exit $code, want 1"
grep -Eq "\[target-empty\]|\[term-missing\] «Lavrov»" "$T/out.txt" || fail "a dropped sentence is not reported: $(cat "$T/out.txt")"
printf 'Assad spoke.\nLavrov left.\n' > "$T/src.sents"
printf 'Асад выступил.\nЛавров ушел.\n' > "$T/tgt.sents"
run "$TMKIT" check -g "$G" --tgt-lang ru --presegmented "$T/src.sents" "$T/tgt.sents" > "$T/out.txt"
[[ $code -eq 0 ]] && grep -q "^2 segments" "$T/out.txt" || fail "presegmented: exit $code, $(tail -1 "$T/out.txt")"

# Input errors: exit 2, one line naming the file.
expect_2() {
  local want="$1"; shift
  run "$@" 2>"$T/err" >/dev/null
  [[ $code -eq 2 ]] || fail "exit $code, want 2: $*"
  grep -qF -- "$want" "$T/err" || fail "message '$(cat "$T/err")' lacks '$want'"
}
printf 'only a source\n' > "$T/onecol.tsv"
expect_2 "onecol.tsv:1: expected 2 tab-separated columns" "$TMKIT" check --tgt-lang ru "$T/onecol.tsv"
expect_2 "missing.txt: no such file" "$TMKIT" check --tgt-lang ru "$T/src.txt" "$T/missing.txt"
expect_2 "xx" "$TMKIT" check --tgt-lang xx "$T/clean.tsv"
printf 'a\tb\tc\td\n' > "$T/g.tsv"
expect_2 "g.tsv:1: expected 2 or 3 tab-separated columns" "$TMKIT" check -g "$T/g.tsv" --tgt-lang ru "$T/clean.tsv"
printf '\xff\tx\n' > "$T/bin.tsv"
expect_2 "bin.tsv: invalid UTF-8 at byte 0" "$TMKIT" check --tgt-lang ru "$T/bin.tsv"
echo "check_cli: ok"
