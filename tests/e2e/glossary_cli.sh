#!/usr/bin/env bash
# tmkit glossary: the house glossary out to TBX v2, back to v3 and out to TSV, each finding the same
# terms in the seed article; and the conversions it must refuse (exit 2), or cannot write (exit 3).
set -euo pipefail
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
G="$TMKIT_SOURCE_DIR/glossaries/names.tbx"
ARTICLE="$TMKIT_SOURCE_DIR/corpora/syria-geneva-talks/en.txt"
fail() { echo "FAIL: $*" >&2; exit 1; }
terms() { "$TMKIT" terms --no-glossary-cache --format json "$@" "$ARTICLE"; }

# TBX v3 -> v2 -> v3 keeps every concept, term, status and note: the same terms, the same forms.
"$TMKIT" glossary "$G" --to tbx-v2 -o "$T/v2.tbx" 2> "$T/err"
grep -q "<martif" "$T/v2.tbx" || fail "--to tbx-v2 did not write a martif document"
concepts=$(grep -c "<conceptEntry" "$G")
grep -qx "$T/v2.tbx: $concepts concepts, [0-9]* terms" "$T/err" || fail "v2 report: $(cat "$T/err")"
"$TMKIT" glossary "$T/v2.tbx" -o "$T/v3.tbx" 2> /dev/null
for lang in ru ar; do
  terms -g "$G" --tgt-lang "$lang" > "$T/want.$lang.json"
  terms -g "$T/v2.tbx" --tgt-lang "$lang" > "$T/v2.$lang.json"
  terms -g "$T/v3.tbx" --tgt-lang "$lang" > "$T/v3.$lang.json"
  cmp -s "$T/want.$lang.json" "$T/v2.$lang.json" || fail "TBX v2 finds other $lang terms than the original"
  cmp -s "$T/want.$lang.json" "$T/v3.$lang.json" || fail "TBX v2 -> v3 finds other $lang terms than the original"
done
grep -q "Ассад" "$T/v3.tbx" || fail "the deprecated Ассад was lost"

# TBX -> TSV (en, ru): one line per concept with both languages, the preferred forms; TSV keeps
# no status, so the check is that the preferred pairs come back whole through TSV -> TBX -> TSV.
"$TMKIT" glossary "$G" --src-lang en --tgt-lang ru -o "$T/names.tsv" 2> /dev/null
grep -q $'^Bashar al-Assad\tБашар Асад\t' "$T/names.tsv" || fail "the al-Assad line: $(head -1 "$T/names.tsv")"
grep -q "Ассад" <(cut -f2 "$T/names.tsv") && fail "a deprecated form became a TSV term"
"$TMKIT" glossary "$T/names.tsv" --src-lang en --tgt-lang ru -o "$T/from-tsv.tbx" 2> /dev/null
"$TMKIT" glossary "$T/from-tsv.tbx" --src-lang en --tgt-lang ru --to tsv > "$T/again.tsv" 2> /dev/null
cmp -s "$T/names.tsv" "$T/again.tsv" || fail "TSV -> TBX -> TSV changed the glossary"

# Refused before anything is written (exit 2), or not writable (exit 3, nothing left behind).
expect() {
  local want_code=$1 want_text=$2; shift 2
  set +e; "$@" > /dev/null 2> "$T/err"; local code=$?; set -e
  [[ $code == "$want_code" ]] || fail "exit $code, want $want_code: $*"
  grep -qF -- "$want_text" "$T/err" || fail "message '$(cat "$T/err")' lacks '$want_text'"
}
expect 2 "the output's name does not say" "$TMKIT" glossary "$G" -o "$T/names.csv"
expect 2 "--src-lang and --tgt-lang name the two columns" "$TMKIT" glossary "$G" -o "$T/x.tsv"
expect 2 "needs --src-lang and --tgt-lang" "$TMKIT" glossary "$T/names.tsv" -o "$T/x.tbx"
expect 3 "cannot write $T/no-dir/x.tbx" "$TMKIT" glossary "$G" -o "$T/no-dir/x.tbx"
[[ ! -e "$T/names.csv" && ! -e "$T/x.tsv" && ! -e "$T/x.tbx" ]] || fail "a refused conversion wrote a file"
echo "glossary_cli: $concepts concepts through TBX v2, v3 and TSV; 4 refusals"
