#!/usr/bin/env bash
# Files other tools wrote (tests/data/wild/README.md), end to end: every glossary converts with the
# concept and term counts a count of its XML gives, warning about what it reads past; every TMX
# export is DTD-valid; a duplicate unit's tuid and props survive the merge; TM -> TMX -> TM -> TMX
# is byte-identical; the inputs tmkit must still refuse are refused.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}" "${TMKIT_SHARED_DIR:?}"
WILD="$TMKIT_SOURCE_DIR/tests/data/wild"
DTD="$TMKIT_SHARED_DIR/data/tmx/tmx14.dtd"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export TMKIT_GLOSSARY_CACHE="$WORK/cache"
fail() { echo "FAIL: $*" >&2; exit 1; }

# concepts / terms the XML holds: termEntry elements with a non-empty <term>, non-empty <term>s.
xml_counts() {
  python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
local = lambda e: e.tag.rsplit('}', 1)[-1]
concepts = terms = 0
for e in root.iter():
    if local(e) in ('termEntry', 'conceptEntry'):
        n = sum(1 for t in e.iter() if local(t) == 'term' and ''.join(t.itertext()).strip())
        concepts += n > 0
        terms += n
print(f"{concepts} concepts, {terms} terms")
PY
}

for f in okapi_sdl_tbx_excerpt okapi_oracle_TBX okapi_test02_win1254; do
  want=$(xml_counts "$WILD/$f.tbx")
  for run in cold warm; do  # the second run reads the compiled image
    "$TMKIT" glossary "$WILD/$f.tbx" -o "$WORK/$f.tbx" 2> "$WORK/err" || fail "$f: $(cat "$WORK/err")"
    got=$(grep -v '^tmkit: warning' "$WORK/err")
    [[ $got == "$WORK/$f.tbx: $want" ]] || fail "$f ($run): '$got', expected '$want'"
  done
done
# The SDLX export's empty <term/>s: one warning with file, line and count.
"$TMKIT" glossary "$WILD/okapi_sdl_tbx_excerpt.tbx" -o "$WORK/x.tbx" 2> "$WORK/err"
grep -qx "tmkit: warning: $WILD/okapi_sdl_tbx_excerpt.tbx:[0-9]*: an empty or missing <term> skipped (2 times; the first here)" \
  "$WORK/err" || fail "no warning for the empty terms: $(cat "$WORK/err")"
# The warning comes from terms and check too, also from the compiled image.
echo "Zickzackfalz" | "$TMKIT" terms -g "$WILD/okapi_sdl_tbx_excerpt.tbx" --src-lang de > "$WORK/out" 2> "$WORK/err"
grep -q "an empty or missing <term> skipped" "$WORK/err" || fail "terms did not warn"
grep -q "Zickzackfalz" "$WORK/out" || fail "terms did not find a term of the SDLX glossary"

# OmegaT's comma-separated glossary (by name and by --glossary-format) and its UTF-16 TSV.
"$TMKIT" glossary "$WILD/omegat_test.csv" --src-lang en --tgt-lang fr -o "$WORK/csv.tbx" 2> "$WORK/err"
grep -qx "$WORK/csv.tbx: 7 concepts, 14 terms" "$WORK/err" || fail "csv: $(cat "$WORK/err")"
cp "$WILD/omegat_test.csv" "$WORK/glossary.txt"
"$TMKIT" glossary "$WORK/glossary.txt" --from csv --src-lang en --tgt-lang fr -o "$WORK/csv2.tbx" 2> /dev/null
cmp -s "$WORK/csv.tbx" "$WORK/csv2.tbx" || fail "--from csv reads otherwise than the .csv name"
echo "A question." | "$TMKIT" terms -g "$WORK/glossary.txt" --glossary-format csv --src-lang en --tgt-lang fr > "$WORK/out"
grep -q "csv q" "$WORK/out" || fail "terms --glossary-format csv found nothing: $(cat "$WORK/out")"
"$TMKIT" glossary "$WILD/omegat_testUTF16LE.txt" --src-lang en --tgt-lang fr -o "$WORK/u16.tsv" 2> /dev/null
[[ $(cat "$WORK/u16.tsv") == $'UTF\tUnicode Transformation Format\tComment #1\nLE\tLittle Endian\tComment #2' ]] ||
  fail "UTF-16 TSV: $(cat "$WORK/u16.tsv")"

# Any BCP 47 language: pt-BR terms found in pt-BR text, exact and case-folded.
printf 'acordo de paz\tpeace agreement\n' > "$WORK/pt.tsv"
echo "O Acordo de Paz foi assinado." | "$TMKIT" terms -g "$WORK/pt.tsv" --src-lang pt-BR --tgt-lang en > "$WORK/out"
grep -q "peace agreement" "$WORK/out" || fail "pt-BR: $(cat "$WORK/out")"
printf 'O acordo de paz foi assinado.\tThe peace deal was signed.\n' > "$WORK/pt-en.tsv"
"$TMKIT" check -g "$WORK/pt.tsv" --src-lang pt-BR --tgt-lang en "$WORK/pt-en.tsv" --format json > "$WORK/out" || true
grep -q "peace agreement" "$WORK/out" || fail "check pt-BR -> en did not use the glossary: $(head -c 400 "$WORK/out")"
"$TMKIT" terms -g "$WORK/pt.tsv" --src-lang english --tgt-lang en < /dev/null 2> "$WORK/err" && fail "'english' accepted as a language"
grep -q "not a language code" "$WORK/err" || fail "bad language: $(cat "$WORK/err")"

# Still refused: TBX's header alone, and malformed XML, with file and line.
printf '<?xml version="1.0"?>\n<martifHeader><fileDesc/></martifHeader>\n' > "$WORK/header.tbx"
"$TMKIT" glossary "$WORK/header.tbx" -o "$WORK/h.tbx" 2> "$WORK/err" && fail "a lone martifHeader was read"
grep -q "header.tbx:2: not a TBX file" "$WORK/err" || fail "martifHeader: $(cat "$WORK/err")"
head -c 3000 "$WILD/okapi_sdl_tbx_excerpt.tbx" > "$WORK/cut.tbx"
"$TMKIT" glossary "$WORK/cut.tbx" -o "$WORK/c.tbx" 2> "$WORK/err" && fail "a truncated TBX was read"
grep -q "cut.tbx:[0-9]*: malformed XML" "$WORK/err" || fail "truncated: $(cat "$WORK/err")"

# TMX: a Heartsome-style UTF-16BE file with <ph id>, and duplicates carrying tuid and props.
TM="$WORK/tm"
"$TMKIT" import --tm "$TM" "$WILD/heartsome_like_utf16be_ph_id.tmx" > /dev/null
"$TMKIT" import --tm "$TM" --format json "$WILD/duplicate_tus_tuid_props.tmx" > "$WORK/report.json"
python3 - "$WORK/report.json" <<'PY' || fail "duplicate import report: $(cat "$WORK/report.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert (r["read"], r["added"], r["merged"], r["skipped"]) == (4, 1, 2, 1), r
assert r["skip_reasons"][0]["reason"] == "only one language (every variant in en-US)", r
PY
"$TMKIT" export --tm "$TM" --out "$WORK/a.tmx" 2> /dev/null
xmllint --noout --nonet --dtdvalid "$DTD" "$WORK/a.tmx" || fail "export is not DTD-valid"
grep -q 'tuid="APCControlNotStableAction2_s07"' "$WORK/a.tmx" || fail "the duplicate's tuid was lost"
grep -q '<prop type="Txt::GroupName">APCControlNotStableAction2</prop>' "$WORK/a.tmx" || fail "its prop was lost"
grep -q '<prop type="x-tmkit-merged-tuid">other_id</prop>' "$WORK/a.tmx" || fail "the third tuid was lost"
grep -q '<prop type="Txt::FileName">actions.rc</prop>' "$WORK/a.tmx" || fail "the tuv prop was lost"
grep -q '<ph x="1">&lt;b&gt;</ph>' "$WORK/a.tmx" || fail "ph id was not written as x"
grep -q '<bpt i="3">' "$WORK/a.tmx" || fail "bpt id was not written as i"
"$TMKIT" import --tm "$WORK/tm2" "$WORK/a.tmx" > /dev/null
"$TMKIT" export --tm "$WORK/tm2" --out "$WORK/b.tmx" 2> /dev/null
cmp "$WORK/a.tmx" "$WORK/b.tmx" || fail "TM -> TMX -> TM -> TMX is not identical"

# The header's notes and props and attributes in another namespace go through the TM: the export
# carries them (as x-tmkit-* props, so it stays DTD-valid), and the round trip is identical.
"$TMKIT" import --tm "$WORK/tm3" "$WILD/foreign_namespace_header.tmx" > /dev/null
"$TMKIT" verify --tm "$WORK/tm3" > /dev/null || fail "a TM with a TMX header does not verify"
"$TMKIT" export --tm "$WORK/tm3" --out "$WORK/c.tmx" 2> /dev/null
xmllint --noout --nonet --dtdvalid "$DTD" "$WORK/c.tmx" || fail "export with a stored header is not DTD-valid"
for kept in '<note>Newsroom wire TM, January</note>' '<prop type="x-Recognizers">RecognizeAll</prop>' \
    'o-tmf="SDL TM8 Format"' '<prop type="x-tmkit-header-creationtool">SDL Language Platform</prop>' \
    '<prop type="x-tmkit-tmx-attribute:xmlns:sdl">http://sdl.com/FileTypes/SdlXliff/1.0</prop>' \
    '<prop type="x-tmkit-attribute:sdl:tmguid">' '<prop type="x-tmkit-attribute:sdl:origin">mt</prop>' \
    '<prop type="x-tmkit-attribute:sdl:wordcount">4</prop>'; do
  grep -qF "$kept" "$WORK/c.tmx" || fail "the export lost $kept"
done
"$TMKIT" import --tm "$WORK/tm4" "$WORK/c.tmx" > /dev/null
"$TMKIT" export --tm "$WORK/tm4" --out "$WORK/d.tmx" 2> /dev/null
cmp "$WORK/c.tmx" "$WORK/d.tmx" || fail "TM -> TMX -> TM -> TMX with a header is not identical"

# A TM the previous tmkit wrote (schema 2, no stored header) is read as it is: stats, lookup,
# export, verify; the first import makes it schema 4 (signatures built) and keeps that file's header.
mkdir "$WORK/old" && cp "$WILD/schema2_tm/data.mdb" "$WORK/old/"
"$TMKIT" stats --tm "$WORK/old" | grep -qx "schema         2" || fail "the schema-2 TM: $("$TMKIT" stats --tm "$WORK/old" 2>&1)"
"$TMKIT" verify --tm "$WORK/old" > /dev/null || fail "the schema-2 TM does not verify"
"$TMKIT" lookup --tm "$WORK/old" --src-lang en --tgt-lang ru "The talks resumed in Geneva." | grep -q "Переговоры" ||
  fail "the schema-2 TM does not answer a lookup"
"$TMKIT" export --tm "$WORK/old" --out "$WORK/old.tmx" 2> /dev/null
grep -q '<header creationtool="tmkit" creationtoolversion="0.1.0" segtype="sentence" o-tmf="tmkit" adminlang="en" srclang="\*all\*" datatype="plaintext"/>' \
  "$WORK/old.tmx" || fail "the schema-2 TM's export: $(head -c 300 "$WORK/old.tmx")"
"$TMKIT" import --tm "$WORK/old" "$WILD/foreign_namespace_header.tmx" > /dev/null
"$TMKIT" stats --tm "$WORK/old" | grep -qx "schema         4" || fail "the import did not bring the TM to schema 4"
"$TMKIT" verify --tm "$WORK/old" > /dev/null || fail "the upgraded TM does not verify"
"$TMKIT" export --tm "$WORK/old" --out "$WORK/old2.tmx" 2> /dev/null
grep -qF '<prop type="x-TMName">wire-en-ru</prop>' "$WORK/old2.tmx" || fail "the upgraded TM did not keep the header"

# A TM of schema 3 (no word signatures) answers as it is, and `tmkit upgrade` builds its signatures:
# the same answers, and verify checks them.
mkdir "$WORK/s3" && cp "$WILD/schema3_tm/data.mdb" "$WORK/s3/"
"$TMKIT" stats --tm "$WORK/s3" | grep -qx "schema         3" || fail "the schema-3 TM: $("$TMKIT" stats --tm "$WORK/s3" 2>&1)"
answers() {
  "$TMKIT" lookup --tm "$WORK/s3" --src-lang en --tgt-lang ru --min 50 --format json "The talks resumed in Geneva on Monday."
  "$TMKIT" concordance --tm "$WORK/s3" --lang en --format json "talks resumed"
}
answers > "$WORK/s3.before" || fail "the schema-3 TM does not answer"
grep -q "Переговоры" "$WORK/s3.before" || fail "the schema-3 TM's lookup: $(head -c 300 "$WORK/s3.before")"
"$TMKIT" upgrade --tm "$WORK/s3" | grep -q "schema version 4$" || fail "upgrade of the schema-3 TM"
"$TMKIT" verify --tm "$WORK/s3" > /dev/null || fail "the TM upgraded from schema 3 does not verify"
answers > "$WORK/s3.after"
cmp "$WORK/s3.before" "$WORK/s3.after" || fail "the answers changed with the upgrade from schema 3"
echo "wild files: ok"
