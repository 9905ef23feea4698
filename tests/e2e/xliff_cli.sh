#!/usr/bin/env bash
# XLIFF round trip (docs/xliff.md): import a translated XLIFF 2 file, analyse and pre-translate
# 1.2 and 2.x files against the TM (the % equal to tmkit lookup's), the output valid against the
# OASIS schemas and read by Translate Toolkit, the service's POST /api/xliff the same as the CLI;
# bad input refused with exit 2 and nothing written.
set -euo pipefail
T=$(mktemp -d); WORK=$T
source "${TMKIT_SOURCE_DIR:?}/tests/e2e/lib/serve.sh"
trap 'stop_server; rm -rf "$T"' EXIT
X="${TMKIT_SHARED_DIR:?}/data/xliff"
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$T"

cat > done.xlf <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru">
 <file id="f1" original="story-42.html">
  <unit id="u1">
   <originalData><data id="d1">&lt;br/&gt;</data></originalData>
   <segment id="s1" state="translated">
    <source>Press <pc id="1" type="fmt">Start</pc> to begin<ph id="2" dataRef="d1"/>.</source>
    <target>Нажмите <pc id="1" type="fmt">Пуск</pc>, чтобы начать<ph id="2" dataRef="d1"/>.</target>
   </segment>
   <segment id="s2" state="final"><source>The talks resumed in Geneva on Monday.</source><target>Переговоры возобновились в Женеве в понедельник.</target></segment>
   <segment id="s3" state="initial"><source>Not yet.</source><target>Ещё нет.</target></segment>
  </unit>
  <unit id="u2"><segment state="reviewed"><source>Aid convoys reached the besieged city.</source><target>Колонны с гуманитарной помощью достигли осажденного города.</target></segment></unit>
 </file>
</xliff>
EOF
"$TMKIT" import --tm tm --format json done.xlf > import.json
grep -q '"added":3' import.json || fail "import: $(cat import.json)"
grep -q '"skipped":1' import.json || fail "the initial-state segment was imported: $(cat import.json)"
"$TMKIT" export --tm tm --out tm.tmx 2>/dev/null
grep -q '<prop type="x-tmkit-document">story-42.html</prop>' tm.tmx || fail "the file's original is not the document id"
grep -q '<bpt i="1" x="1" type="fmt"/>Пуск<ept i="1"/>' tm.tmx || fail "the target's codes were not kept: $(grep -c bpt tm.tmx)"

cat > job2.xlf <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment that must survive -->
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="ru" xmlns:my="urn:example:my">
 <file id="f1" my:keep="yes">
  <my:data>kept as is</my:data>
  <unit id="a">
   <originalData><data id="x">&lt;br/&gt;</data></originalData>
   <segment id="1"><source>Press <pc id="7" type="fmt">Start</pc> to begin<ph id="8" dataRef="x"/>.</source></segment>
   <segment><source>The talks resumed in Geneva on Tuesday.</source></segment>
  </unit>
  <unit id="b"><segment><source>Nothing like this is in the memory.</source></segment></unit>
  <unit id="c" translate="no"><segment><source>The talks resumed in Geneva on Monday.</source></segment></unit>
 </file>
</xliff>
EOF
cat > job12.xlf <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="wire.txt" source-language="en" target-language="ru" datatype="plaintext">
  <body>
   <trans-unit id="1"><source>Aid convoys reached the besieged city.</source></trans-unit>
   <trans-unit id="2"><source>Aid convoys reached the city.</source></trans-unit>
   <trans-unit id="3"><source>The talks resumed in Geneva on Monday. Aid convoys reached the besieged city.</source>
    <seg-source><mrk mtype="seg" mid="1">The talks resumed in Geneva on Monday.</mrk> <mrk mtype="seg" mid="2">Aid convoys reached the besieged city.</mrk></seg-source></trans-unit>
  </body>
 </file>
</xliff>
EOF

# analyze: bands, repetitions, the shapes of json, csv and xml.
"$TMKIT" analyze --tm tm --format json job12.xlf job2.xlf > an.json
python3 - an.json <<'PY' || fail "analysis: $(cat an.json)"
import json, sys
r = json.load(open(sys.argv[1]))
f12, f2 = r["files"]
b = f12["bands"]
assert b["100"]["segments"] + b["101"]["segments"] == 2, b            # unit 1 and the second mrk of unit 3... one is a repetition
assert f12["repetitions"]["internal"]["segments"] == 1, f12["repetitions"]
assert b["75-84"]["segments"] + b["85-94"]["segments"] == 1, b         # "Aid convoys reached the city." 6/7 words
assert f2["bands"]["100"]["segments"] + f2["bands"]["101"]["segments"] == 1, f2   # the coded segment, same codes: no penalty
assert f2["bands"]["95-99"]["segments"] == 0, f2
assert f2["bands"]["85-94"]["segments"] == 1, f2                        # Tuesday for Monday
assert f2["bands"]["no-match"]["segments"] == 1, f2
assert f2["all"]["segments"] == 3, f2                                   # translate="no" not counted
t = r["total"]
assert t["all"]["segments"] == f12["all"]["segments"] + f2["all"]["segments"]
PY
"$TMKIT" analyze --format csv job12.xlf | grep -q '^"job12.xlf",repetitions,1,' || fail "csv"
"$TMKIT" analyze --tm tm --format xml job12.xlf job2.xlf > an.xml
xmllint --noout an.xml || fail "the xml report is not XML"
grep -q '<task name="analyse">' an.xml && grep -q '<batchTotal>' an.xml || fail "not a Trados-style report"

# pretranslate 2.x and 1.2; OUT validates, reads back, keeps what it did not touch.
"$TMKIT" pretranslate --tm tm --min 50 --format json job2.xlf -o out2.xlf > pt2.json
grep -q '"exact":1' pt2.json || grep -q '"context":1' pt2.json || fail "pretranslate 2.x: $(cat pt2.json)"
xmllint --noout --nonet --schema "$X/2.1/schemas/xliff_core_2.0.xsd" out2.xlf 2>/dev/null || fail "out2.xlf is not valid XLIFF 2"
grep -q '<!-- a comment that must survive -->' out2.xlf && grep -q '<my:data>kept as is</my:data>' out2.xlf \
  && grep -q 'my:keep="yes"' out2.xlf || fail "pretranslate lost what it did not touch"
grep -q '<target>Нажмите <pc id="7" type="fmt">Пуск</pc>, чтобы начать<ph id="8" dataRef="x"/>.</target>' out2.xlf \
  || fail "the exact match's codes were not placed: $(grep target out2.xlf)"
grep -q '<segment id="1" state="translated">' out2.xlf || fail "state not set"
grep -q 'matchQuality="' out2.xlf || fail "no translation candidate"
"$TMKIT" analyze out2.xlf > /dev/null || fail "tmkit cannot read its own output"
"$TMKIT" pretranslate --tm tm --min 50 job12.xlf -o out12.xlf 2>/dev/null
xmllint --noout --nonet --schema "$X/1.2/xliff-core-1.2-strict.xsd" out12.xlf 2>/dev/null || fail "out12.xlf is not valid XLIFF 1.2"
grep -q 'state="final" state-qualifier="exact-match">Колонны' out12.xlf || grep -q 'state="translated" state-qualifier="exact-match">Колонны' out12.xlf || fail "1.2 exact target"
grep -q '<alt-trans match-quality="8[0-9]" origin="tmkit">' out12.xlf || fail "1.2 alt-trans: $(grep -c alt-trans out12.xlf)"
grep -q '<mrk mtype="seg" mid="1">Переговоры' out12.xlf || fail "seg-source segments not filled"

# The % of every match equals tmkit lookup's for the segment, with its neighbours and codes.
for q in "Aid convoys reached the city." ; do
  want=$("$TMKIT" lookup --tm tm --src-lang en --tgt-lang ru --format json --prev "Aid convoys reached the besieged city." --next "The talks resumed in Geneva on Monday." "$q" | python3 -c 'import json,sys; print(json.load(sys.stdin)["matches"][0]["score"])')
  grep -q "match-quality=\"$want\"" out12.xlf || fail "lookup says $want for '$q', the alt-trans differs"
done

# Translate Toolkit reads what tmkit writes in 1.2: the filled targets, their states and the
# alt-trans candidates. It has no XLIFF 2 reader (its xliff store opens a 2.x file and finds no
# trans-unit), so the 2.x output is checked by xmllint against the core and Translation Candidates
# schemas together (the core's module wildcards are lax: alone it would not look inside mtc:).
if command -v xliff2po > /dev/null; then
  xliff2po --progress=none out12.xlf out12.po 2>/dev/null || fail "Translate Toolkit cannot read out12.xlf"
  grep -q "Колонны" out12.po || fail "Translate Toolkit does not see the filled target"
  /usr/bin/python3 - out12.xlf <<'PY' || fail "Translate Toolkit's view of out12.xlf"
import sys
from translate.storage import xliff
store = xliff.xlifffile.parsefile(sys.argv[1])
units = [u for u in store.units if not u.isheader()]
assert len(units) == 3, len(units)
states = {u.target: u.xmlelement.find(u.namespaced("target")).get("state") for u in units if u.target}
assert any(t.startswith("Колонны") and s in ("translated", "final") for t, s in states.items()), states
alts = [a for u in units for a in u.getalttrans()]
assert any(a.target and a.source == "Aid convoys reached the besieged city." for a in alts), [(a.source, a.target) for a in alts]
PY
fi
printf '%s\n' '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">' \
  " <xs:import namespace=\"urn:oasis:names:tc:xliff:document:2.0\" schemaLocation=\"$X/2.1/schemas/xliff_core_2.0.xsd\"/>" \
  " <xs:import namespace=\"urn:oasis:names:tc:xliff:matches:2.0\" schemaLocation=\"$X/2.1/schemas/matches.xsd\"/>" \
  '</xs:schema>' > core_and_matches.xsd
xmllint --noout --nonet --schema core_and_matches.xsd out2.xlf 2>/dev/null || fail "out2.xlf's candidates are not valid Translation Candidates"
# With --mark all (fuzzy matches in targets too), both versions stay valid and readable.
"$TMKIT" pretranslate --tm tm --min 50 --mark all job2.xlf -o out2-all.xlf 2>/dev/null
"$TMKIT" pretranslate --tm tm --min 50 --mark all job12.xlf -o out12-all.xlf 2>/dev/null
grep -q 'subState="tmkit:fuzzy-match"' out2-all.xlf && grep -q 'state="needs-review-translation"' out12-all.xlf \
  || fail "--mark all put no fuzzy match into a target"
xmllint --noout --nonet --schema core_and_matches.xsd out2-all.xlf 2>/dev/null || fail "out2-all.xlf is not valid"
xmllint --noout --nonet --schema "$X/1.2/xliff-core-1.2-strict.xsd" out12-all.xlf 2>/dev/null || fail "out12-all.xlf is not valid"
# Translate Toolkit's workflow states: a TM match for review is "needs review", an exact one
# "translated" (TT's "unreviewed": tmkit never sets approved="yes", a person approves).
if command -v xliff2po > /dev/null; then
  /usr/bin/python3 - out12-all.xlf <<'PY' || fail "Translate Toolkit's states of out12-all.xlf"
import sys
from translate.storage import xliff
units = [u for u in xliff.xlifffile.parsefile(sys.argv[1]).units if not u.isheader()]
states = {u.source: u.get_state_n() for u in units if u.target}
assert states.get("Aid convoys reached the city.") == xliff.xliffunit.S_NEEDS_REVIEW, states
assert states.get("Aid convoys reached the besieged city.") == xliff.xliffunit.S_TRANSLATED, states
PY
fi
sed 's/matchQuality="[0-9]*"/matchQuality="high"/' out2.xlf > out2-broken.xlf
! xmllint --noout --nonet --schema core_and_matches.xsd out2-broken.xlf 2>/dev/null || fail "the module schema is not applied"

# The service's POST /api/xliff answers what the two verbs do: the same bands as analyze and, byte
# for byte, the file pretranslate writes (--min 75 both).
"$TMKIT" pretranslate --tm tm job2.xlf -o out2-75.xlf 2>/dev/null
start_server --tm tm
curl -s -X POST --data-binary @job2.xlf "$BASE/api/xliff?name=job2.xlf" > api.json
python3 - api.json an.json out2-75.xlf <<'PY' || fail "POST /api/xliff: $(head -c 300 api.json)"
import json, sys
api, cli = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))["files"][1]
assert api["file"] == "job2.xlf" and api["src"] == "en" and api["tgt"] == "ru", api
for key in ("bands", "repetitions", "all"):
    assert api["analysis"][key] == cli[key], (key, api["analysis"][key], cli[key])
assert api["xliff"] == open(sys.argv[3], encoding="utf-8").read(), "the file differs from tmkit pretranslate's"
assert api["pretranslated"]["candidates"] >= 1, api["pretranslated"]
PY
printf '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en">\n<file id="f"><unit id="u"><segment><source>x</source></segment></unit></file></xliff>' > notgt.xlf
code=$(curl -s -o api-err.json -w '%{http_code}' -X POST --data-binary @notgt.xlf "$BASE/api/xliff?name=notgt.xlf")
[[ $code == 400 ]] && grep -q '"missing_parameter"' api-err.json || fail "no target language: $code $(cat api-err.json)"
printf '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="ru">\n<file id="f"><unit id="u"></file></xliff>' > broken.xlf
code=$(curl -s -o api-err.json -w '%{http_code}' -X POST --data-binary @broken.xlf "$BASE/api/xliff?name=broken.xlf")
[[ $code == 400 ]] && grep -q '"broken.xlf:2:' api-err.json || fail "a broken file: $code $(cat api-err.json)"
stop_server

# Bad input: exit 2, one line with file and line, OUT not written, TM unchanged.
before=$("$TMKIT" stats --tm tm --format json 2>/dev/null || true)
printf '<xliff version="1.2"><file original="a" source-language="en" datatype="x"><body>\n<trans-unit id="1"/></body></file></xliff>' > bad.xlf
printf '<!DOCTYPE x [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n<xliff version="1.2">&b;</xliff>' > bomb.xlf
printf '<tmx version="1.4"/>' > notxliff.xlf
printf '<xliff version="3.0" xmlns="urn:x"/>' > version.xlf
for f in bad.xlf bomb.xlf notxliff.xlf version.xlf; do
  set +e; "$TMKIT" pretranslate --tm tm "$f" -o out.bad.xlf 2> err; rc=$?; set -e
  [[ $rc -eq 2 ]] || fail "$f: exit $rc"
  [[ $(wc -l < err) -eq 1 ]] && grep -q "$f:[0-9]" err || fail "$f: $(cat err)"
  [[ ! -e out.bad.xlf ]] || fail "$f: OUT was written"
  set +e; "$TMKIT" import --tm tm "$f" 2> err; rc=$?; set -e
  [[ $rc -eq 2 ]] || fail "import $f: exit $rc"
done
set +e; "$TMKIT" pretranslate --tm tm --tgt-lang ar job12.xlf -o out.bad.xlf 2> err; rc=$?; set -e
[[ $rc -eq 2 && ! -e out.bad.xlf ]] || fail "a target language the TM lacks: exit $rc, $(cat err)"
after=$("$TMKIT" stats --tm tm --format json 2>/dev/null || true)
[[ "$before" == "$after" ]] || fail "the TM changed"
echo "xliff_cli: ok"
