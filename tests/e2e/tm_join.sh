#!/usr/bin/env bash
# One story, three languages, one unit: the en-ru and en-ar halves of a trilingual TMX imported in
# either order (or apart, then `tmkit join`) give the trilingual TM; export round trip; ru->ar
# lookups direct and "via en".
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SHARED_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

D="$TMKIT_SHARED_DIR/data/alignment/ntrex/derived_split"
for doc in abcnews.306755 abcnews.306758; do echo "$D/$doc.en $D/$doc.ru $D/$doc.ar"; done > "$work/list"
"$TMKIT" align --presegmented --tgt-lang ru,ar --batch "$work/list" --into "$work/tri.tm" > /dev/null
"$TMKIT" export --tm "$work/tri.tm" --out "$work/tri.tmx" 2> /dev/null
"$TMKIT" export --tm "$work/tri.tm" --langs en,ru --out "$work/en-ru.tmx" 2> /dev/null
"$TMKIT" export --tm "$work/tri.tm" --langs en,ar --out "$work/en-ar.tmx" 2> /dev/null
grep -q 'xml:lang="ar"' "$work/en-ru.tmx" && fail "the en,ru export carries Arabic"

# The units as sets of (language, text) and of props: what "the same TM" means here.
contents() {  # TMX -> one sorted line per unit
  python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
L = "{http://www.w3.org/XML/1998/namespace}lang"
out = []
for tu in ET.parse(sys.argv[1]).getroot().iter("tu"):
    segs = sorted((t.get(L), "".join(t.find("seg").itertext())) for t in tu.findall("tuv"))
    props = sorted((p.get("type"), p.get(L) or "", p.text or "") for p in tu.findall("prop"))
    out.append(repr((segs, props)))
print("\n".join(sorted(out)))
PY
}
"$TMKIT" import --tm "$work/direct.tm" "$work/tri.tmx" > /dev/null
"$TMKIT" export --tm "$work/direct.tm" --out "$work/direct.tmx" 2> /dev/null
contents "$work/tri.tmx" > "$work/want"
contents "$work/direct.tmx" | cmp -s - "$work/want" || fail "import/export of the trilingual TMX is not lossless"
units=$(wc -l < "$work/want")
tri=$(grep -c "'ar'.*'en'.*'ru'" "$work/want" || true)
[[ $tri -ge 10 ]] || fail "only $tri trilingual units of $units"

"$TMKIT" import --tm "$work/ru-first.tm" "$work/en-ru.tmx" > /dev/null
"$TMKIT" import --tm "$work/ru-first.tm" "$work/en-ar.tmx" > "$work/report"
grep -qE "[0-9]+ read, [0-9]+ added, 0 merged, $tri joined" "$work/report" || fail "report: $(cat "$work/report")"
"$TMKIT" export --tm "$work/ru-first.tm" --out "$work/ru-first.tmx" 2> /dev/null
contents "$work/ru-first.tmx" | cmp -s - "$work/want" || fail "en-ru then en-ar differs from the trilingual TMX"

"$TMKIT" import --tm "$work/ar-first.tm" "$work/en-ar.tmx" > /dev/null
"$TMKIT" import --tm "$work/ar-first.tm" --format json "$work/en-ru.tmx" > "$work/report.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["joined"] == int(sys.argv[2]) and d["merged"] == 0, d' \
  "$work/report.json" "$tri" || fail "json report: $(cat "$work/report.json")"
"$TMKIT" export --tm "$work/ar-first.tm" --out "$work/ar-first.tmx" 2> /dev/null
contents "$work/ar-first.tmx" | cmp -s - "$work/want" || fail "en-ar then en-ru differs from the trilingual TMX"
"$TMKIT" verify --tm "$work/ar-first.tm" > /dev/null || fail "verify after joining imports"

# Apart, then join: pivot lookups first, direct ones after.
"$TMKIT" import --no-join --tm "$work/apart.tm" "$work/en-ru.tmx" > /dev/null
"$TMKIT" import --no-join --tm "$work/apart.tm" "$work/en-ar.tmx" > /dev/null
ru=$(sed -n 3p "$D/abcnews.306755.ru")
"$TMKIT" lookup --tm "$work/apart.tm" --src-lang ru --tgt-lang ar --limit 1 --format json "$ru" > "$work/via.json"
python3 - "$work/via.json" "$(sed -n 3p "$D/abcnews.306755.en")" <<'PY' || fail "pivot match: $(cat "$work/via.json")"
import json, sys
m = json.load(open(sys.argv[1]))["matches"][0]
assert m["score"] == 99 and m["via"]["lang"] == "en" and m["via"]["text"] == sys.argv[2], m
assert m["target_lang"] == "ar" and m["unit"]["id"] != m["via"]["target_unit"]["id"], m
PY
"$TMKIT" lookup --tm "$work/apart.tm" --src-lang ru --tgt-lang ar --limit 1 "$ru" | grep -q "^       via en: " \
  || fail "text output names the pivot"
"$TMKIT" lookup --tm "$work/apart.tm" --src-lang ru --tgt-lang ar --no-pivot "$ru" | grep -q "no match" || fail "--no-pivot"
"$TMKIT" join --tm "$work/apart.tm" --format json > "$work/join.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["joined"] == int(sys.argv[2]), d' "$work/join.json" "$tri" \
  || fail "join: $(cat "$work/join.json")"
"$TMKIT" export --tm "$work/apart.tm" --out "$work/apart.tmx" 2> /dev/null
contents "$work/apart.tmx" | cmp -s - "$work/want" || fail "join of the pairs differs from the trilingual TMX"
"$TMKIT" lookup --tm "$work/apart.tm" --src-lang ru --tgt-lang ar --limit 1 --format json "$ru" > "$work/direct.json"
python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["matches"][0]; assert m["score"] == 100 and "via" not in m, m' \
  "$work/direct.json" || fail "after join: $(cat "$work/direct.json")"
"$TMKIT" join --tm "$work/apart.tm" | grep -q " 0 joined" || fail "a second join changed something"
echo PASS
