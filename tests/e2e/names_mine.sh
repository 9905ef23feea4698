#!/usr/bin/env bash
# tmkit names mine: a TM aligned from two NTREX documents gives their names with the renderings
# the translators used, TBX that check -g reads back, and bad input refused (exit 2) with the TM
# untouched.
set -euo pipefail
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
N="$TMKIT_SHARED_DIR/data/alignment/ntrex/derived_split"
[[ -f "$N/nytimes.184837.en" ]] || { echo "skip: no NTREX data"; exit 0; }
for d in nytimes.184837 cbsnews.248387; do
  printf '%s %s\n' "$N/$d.en" "$N/$d.ru" >> "$T/ru.lst"
  printf '%s %s\n' "$N/$d.en" "$N/$d.ar" >> "$T/ar.lst"
done
"$TMKIT" align --batch "$T/ru.lst" --tgt-lang ru --into "$T/ru.tm" > /dev/null 2>&1
"$TMKIT" align --batch "$T/ar.lst" --tgt-lang ar --into "$T/ar.tm" > /dev/null 2>&1

"$TMKIT" names mine --tm "$T/ru.tm" --tgt-lang ru -o "$T/ru.tsv"
grep -qP '^Palu\tПалу\t' "$T/ru.tsv" || fail "Palu -> Палу: $(head "$T/ru.tsv")"
grep -qP '^Lombok\tЛомбок\t' "$T/ru.tsv" || fail "Lombok"
grep -qP '^Simpson\tСимпсон\t' "$T/ru.tsv" || fail "Simpson"
# A sentence-initial ordinary word is not a name.
! grep -qP '^(The|In|Police|Officials)\t' "$T/ru.tsv" || fail "ordinary words mined: $(cut -f1 "$T/ru.tsv" | tr '\n' ' ')"
"$TMKIT" names mine --tm "$T/ar.tm" --tgt-lang ar --format json -o "$T/ar.json"
python3 - "$T/ar.json" <<'PY' || fail "ar json"
import json, sys
names = {n["english"]: n for n in json.load(open(sys.argv[1]))}
assert names["Palu"]["target"] == "بالو", names.get("Palu")
assert names["Palu"]["variants"][0]["sample"]["source"], names["Palu"]
assert all(n["status"] in ("new", "agrees", "conflicts", "inconsistent") for n in names.values())
PY

# TBX proposals: check -g takes them as they are; a draft with another rendering is flagged.
"$TMKIT" names mine --tm "$T/ru.tm" --tgt-lang ru --format tbx -o "$T/mined.tbx"
printf 'Rescuers reached Palu on Friday.\tСпасатели добрались до Палу в пятницу.\n' > "$T/ok.tsv"
"$TMKIT" check -g "$T/mined.tbx" --tgt-lang ru "$T/ok.tsv" > /dev/null 2>&1 ||
  { code=$?; [[ $code -eq 1 ]] || fail "check -g mined.tbx exited $code"; }
# Statuses against a glossary: names.tbx has none of these, a glossary saying Палу agrees.
cat > "$T/g.tsv" <<'G'
Palu	Палу
Lombok	Ломбак
G
"$TMKIT" names mine --tm "$T/ru.tm" --tgt-lang ru -g "$T/g.tsv" -o "$T/st.tsv"
grep -qP '^Palu\tПалу\t\d+\t[0-9.]+\tagrees\t' "$T/st.tsv" || fail "agrees: $(grep Palu "$T/st.tsv")"
grep -qP '^Lombok\tЛомбок\t\d+\t[0-9.]+\tconflicts\t' "$T/st.tsv" || fail "conflicts: $(grep Lombok "$T/st.tsv")"
"$TMKIT" names mine --tm "$T/ru.tm" --tgt-lang ru --format html -o "$T/p.html"
grep -q '<table>' "$T/p.html" || fail "html"

# Bad input: exit 2, one line naming the file; the TM is not changed.
sum=$(md5sum "$T/ru.tm/data.mdb")
set +e
err=$("$TMKIT" names mine --tm "$T/ru.tm" --tgt-lang ar 2>&1); code=$?
[[ $code -eq 2 && $err == *"ru.tm"* ]] || fail "TM without en-ar units: exit $code: $err"
printf '<?xml version="1.0"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="de" xmlns="urn:iso:std:iso:30042:ed-2"><text><body><conceptEntry id="c1"><langSec xml:lang="de"><termSec><term>Haus</term></termSec></langSec><langSec xml:lang="fr"><termSec><term>maison</term></termSec></langSec></conceptEntry></body></text></tbx>\n' > "$T/defr.tbx"
err=$("$TMKIT" names mine --tm "$T/ru.tm" --tgt-lang ru -g "$T/defr.tbx" 2>&1); code=$?
[[ $code -eq 2 && $err == *"defr.tbx"* ]] || fail "glossary in another pair: exit $code: $err"
err=$("$TMKIT" names mine --tm "$T/ru.tm" --tgt-lang xx 2>&1); code=$?
[[ $code -eq 2 ]] || fail "unsupported language: exit $code: $err"
set -e
[[ $(md5sum "$T/ru.tm/data.mdb") == "$sum" ]] || fail "the TM changed"

# A bilingual TSV or TMX instead of a TM: the same names (the TSV is arch.tsv below, as it is).
cat > "$T/pairs.tsv" <<'TSV'
Assad spoke in Damascus.	Асад выступил в Дамаске.
Officials said Assad would stay.	Чиновники сказали, что Асад останется.
They met Assad on Monday.	Они встретились с Асадом в понедельник.
TSV
"$TMKIT" names mine "$T/pairs.tsv" --tgt-lang ru -o "$T/pairs.out"
grep -qP '^Assad\tАсад\t3\t' "$T/pairs.out" || fail "names mine FILE.tsv: $(cat "$T/pairs.out")"
"$TMKIT" export --tm "$T/ru.tm" --out "$T/ru.tmx" > /dev/null 2>&1
"$TMKIT" names mine "$T/ru.tmx" --tgt-lang ru -o "$T/tmx.out"
cmp -s <(cut -f1-3 "$T/tmx.out") <(cut -f1-3 "$T/ru.tsv") || fail "names mine FILE.tmx differs from --tm: $(diff <(cut -f1-3 "$T/tmx.out") <(cut -f1-3 "$T/ru.tsv") | head)"
set +e
printf 'Assad spoke.\tАсад выступил.\nno tab here\n' > "$T/bad.tsv"
err=$("$TMKIT" names mine "$T/bad.tsv" --tgt-lang ru 2>&1); code=$?
[[ $code -eq 2 && $err == *"bad.tsv:2:"* ]] || fail "TSV line without a tab: exit $code: $err"
printf 'Assad spoke.\t\xd0\n' > "$T/bad8.tsv"
err=$("$TMKIT" names mine "$T/bad8.tsv" --tgt-lang ru 2>&1); code=$?
[[ $code -eq 2 && $err == *"bad8.tsv:1:"* ]] || fail "invalid UTF-8: exit $code: $err"
err=$("$TMKIT" names mine "$T/pairs.tsv" --tm "$T/ru.tm" --tgt-lang ru 2>&1); code=$?
[[ $code -eq 2 ]] || fail "both a TM and a file: exit $code: $err"
set -e

# check --tm: the archive's names rendered two ways, from the same clusters, with counts.
cat > "$T/arch.tsv" <<'TSV'
Assad spoke in Damascus.	Асад выступил в Дамаске.
Officials said Assad would stay.	Чиновники сказали, что Асад останется.
They met Assad on Monday.	Они встретились с Асадом в понедельник.
Later Assad left for Moscow.	Позже Ассад уехал в Москву.
Reporters asked Assad again.	Журналисты снова спросили Ассада.
TSV
"$TMKIT" import --tm "$T/arch.tm" --src-lang en --tgt-lang ru "$T/arch.tsv" > /dev/null
set +e
"$TMKIT" check --tgt-lang ru --tm "$T/arch.tm" --fail-on warning > "$T/arch.txt"; code=$?
set -e
[[ $code -eq 1 ]] || fail "check --tm: exit $code: $(cat "$T/arch.txt")"
grep -q '\[name-inconsistent\] Assad is rendered several ways across the TM: «Асад» ×3 (units [0-9, ]*), «Ассад» ×2' "$T/arch.txt" ||
  fail "check --tm names: $(cat "$T/arch.txt")"
! grep -q 'Damascus\|Moscow' "$T/arch.txt" || fail "a name rendered one way reported: $(cat "$T/arch.txt")"
echo "names_mine: ok"
