#!/usr/bin/env bash
# tmkit align with several translations (--tgt-lang ru,ar): N-language units, their props, bad input.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SHARED_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_exit() {  # CODE MESSAGE-REGEX COMMAND...
  local want=$1 pattern=$2
  shift 2
  set +e
  "$@" > "$work/stdout" 2> "$work/stderr"
  local code=$?
  set -e
  [[ $code -eq $want ]] || fail "$*: exit $code, expected $want ($(cat "$work/stderr"))"
  grep -qE "$pattern" "$work/stderr" || fail "$*: message '$(cat "$work/stderr")' does not match '$pattern'"
}

D="$TMKIT_SHARED_DIR/data/alignment/ntrex/derived_split"
doc=abcnews.306755
"$TMKIT" align --presegmented --tgt-lang ru,ar "$D/$doc.en" "$D/$doc.ru" "$D/$doc.ar" > "$work/out.beads"
[[ $(wc -l < "$work/out.beads") -eq $(grep -c . "$D/$doc.en") ]] || fail "one N-way bead per English sentence expected"
grep -qx '\[0\]:\[0\]:\[0\]:[01]\.[0-9]\{3\}:[01]\.[0-9]\{3\}' "$work/out.beads" || fail "beads: $(head -2 "$work/out.beads")"
"$TMKIT" align --presegmented --tgt-lang ru,ar --format json "$D/$doc.en" "$D/$doc.ru" "$D/$doc.ar" > "$work/out.json"
python3 - "$work/out.json" <<'PY' || fail "json output"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["tgt_langs"] == ["ru", "ar"], d["tgt_langs"]
b = d["beads"][0]
assert b["src"] == [0] and b["ru"]["tgt"] == [0] and b["ar"]["tgt"] == [0] and b["ar"]["tgt_text"], b
PY

# Into a TM: one unit per English sentence with both translations, per-language confidence props.
"$TMKIT" align --presegmented --tgt-lang ru,ar --into "$work/tm" "$D/$doc.en" "$D/$doc.ru" "$D/$doc.ar" > "$work/stored"
grep -q "stored" "$work/stored" || fail "no summary: $(cat "$work/stored")"
"$TMKIT" export --tm "$work/tm" --out "$work/tm.tmx" 2> /dev/null
python3 - "$work/tm.tmx" "$D/$doc.en" <<'PY' || fail "trilingual units"
import sys, xml.etree.ElementTree as ET
L = "{http://www.w3.org/XML/1998/namespace}lang"
tus = list(ET.parse(sys.argv[1]).getroot().iter("tu"))
tri = [tu for tu in tus if sorted(t.get(L) for t in tu.findall("tuv")) == ["ar", "en", "ru"]]
assert len(tri) >= 0.9 * len(open(sys.argv[2]).read().split("\n")[:-1]), (len(tri), len(tus))
conf = {p.get(L) for p in tri[0].findall("prop") if p.get("type") == "x-tmkit-align-confidence"}
assert conf == {"ru", "ar"}, conf
PY
"$TMKIT" lookup --tm "$work/tm" --src-lang ru --tgt-lang ar --limit 1 "$(sed -n 3p "$D/$doc.ru")" > "$work/lookup"
grep -q "$(sed -n 3p "$D/$doc.ar" | cut -c1-20)" "$work/lookup" || fail "ru->ar lookup on the trilingual units: $(cat "$work/lookup")"

# Batch rows with N translations.
printf '%s %s %s\n' "$D/$doc.en" "$D/$doc.ru" "$D/$doc.ar" "$D/abcnews.306758.en" "$D/abcnews.306758.ru" "$D/abcnews.306758.ar" > "$work/list"
"$TMKIT" align --presegmented --tgt-lang ru,ar --batch "$work/list" --out-dir "$work/beads" > /dev/null
[[ -s "$work/beads/$doc.beads" && -s "$work/beads/abcnews.306758.beads" ]] || fail "batch: $(ls "$work/beads")"

# Bad input: usage errors exit 2 and name the problem; nothing is stored.
expect_exit 2 "lists the source language en" "$TMKIT" align --tgt-lang ru,en --into "$work/bad.tm" "$D/$doc.en" "$D/$doc.ru" "$D/$doc.ar"
expect_exit 2 "lists ru twice" "$TMKIT" align --tgt-lang ru,ru-RU "$D/$doc.en" "$D/$doc.ru" "$D/$doc.ar"
expect_exit 2 "needs SRC and 2 TGT files" "$TMKIT" align --tgt-lang ru,ar "$D/$doc.en" "$D/$doc.ru"
expect_exit 2 "one --tgt-lang takes one TGT file" "$TMKIT" align --tgt-lang ru "$D/$doc.en" "$D/$doc.ru" "$D/$doc.ar"
printf '%s %s\n' "$D/$doc.en" "$D/$doc.ru" > "$work/short-list"
expect_exit 2 "short-list:1: expected SRC and 2 TGT files" "$TMKIT" align --tgt-lang ru,ar --batch "$work/short-list"
printf 'ok\nbad \xff\n' > "$work/bad.ar"
expect_exit 2 "bad.ar: invalid UTF-8" "$TMKIT" align --presegmented --tgt-lang ru,ar --into "$work/bad.tm" "$D/$doc.en" "$D/$doc.ru" "$work/bad.ar"
[[ ! -e "$work/bad.tm" ]] || fail "a TM was created from bad input"
# Another story's Arabic: a warning naming the file, nothing of that pair stored (the Russian is).
"$TMKIT" align --presegmented --tgt-lang ru,ar --into "$work/mixed.tm" "$D/$doc.en" "$D/$doc.ru" "$D/abcnews.306758.ar" \
  > /dev/null 2> "$work/mixed.err"
grep -q "abcnews.306758.ar: .*nothing of it stored" "$work/mixed.err" || fail "untrusted pair: $(cat "$work/mixed.err")"
"$TMKIT" export --tm "$work/mixed.tm" --out "$work/mixed.tmx" 2> /dev/null
grep -q 'xml:lang="ru"' "$work/mixed.tmx" || fail "the trusted Russian was not stored"
! grep -q 'xml:lang="ar"' "$work/mixed.tmx" || fail "Arabic of another story was stored"
set +e
"$TMKIT" align --presegmented --tgt-lang ru,ar --fail-on-untrusted "$D/$doc.en" "$D/$doc.ru" "$D/abcnews.306758.ar" > /dev/null 2>&1
code=$?
set -e
[[ $code -eq 1 ]] || fail "--fail-on-untrusted: exit $code"
echo PASS
