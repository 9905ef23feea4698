#!/usr/bin/env bash
# The TM verbs end to end: import every sample TMX, look up, concordance, export (DTD + XSD
# valid), re-import, verify, and the bad inputs that must leave the TM unchanged.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SHARED_DIR:?}"
SAMPLES="$TMKIT_SHARED_DIR/data/tmx/samples"
SCHEMAS="$TMKIT_SHARED_DIR/data/tmx"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_rc() {  # expect_rc CODE command...
  local want=$1; shift
  set +e; "$@" >"$WORK/out" 2>"$WORK/err"; local rc=$?; set -e
  [[ $rc == "$want" ]] || { cat "$WORK/out" "$WORK/err" >&2; fail "exit $rc, expected $want: $*"; }
}
TM="$WORK/tm"

# Every sample imports; the counts are the <tu> counts tmxwc reports (research/tm.md §2.5).
declare -A TUS=([neokapi_kapimart_memory_seed_6lang_ar]=200 [okapi_ImportTest1H_usascii_ncr]=3
  [okapi_header_with_prop_and_note_all_inline]=1 [okapi_olifant_windows1252_props]=9
  [omegat_ImportTest2A_utf16_level2]=7 [omegat_project_save_tmx11_lang_attr]=5)
for f in "$SAMPLES"/*.tmx; do
  name=$(basename "$f" .tmx)
  "$TMKIT" import --tm "$TM" --format json "$f" > "$WORK/report.json"
  read_count=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["read"])' "$WORK/report.json")
  [[ $read_count == "${TUS[$name]}" ]] || fail "$name: read $read_count units, expected ${TUS[$name]}"
done
"$TMKIT" verify --tm "$TM" | grep -q ": ok" || fail "verify not clean after importing the samples"
"$TMKIT" upgrade --tm "$TM" | grep -q "schema version 4$" || fail "upgrade of a current TM does not report schema version 4"
"$TMKIT" compact --tm "$TM" | grep -q "indexes rewritten" || fail "compact did not report its rewrite"
"$TMKIT" verify --tm "$TM" | grep -q ": ok" || fail "verify not clean after compact"

# Importing the same file again merges everything.
"$TMKIT" import --tm "$TM" "$SAMPLES/okapi_olifant_windows1252_props.tmx" | grep -q "0 added, 9 merged" \
  || fail "re-import did not merge"

# Lookup: text, JSON, stdin (one query per line).
"$TMKIT" lookup --tm "$TM" --src-lang en --tgt-lang ar "Install the SDK using your favourite package manager." > "$WORK/l.txt"
grep -q "^  87%" "$WORK/l.txt" || { cat "$WORK/l.txt"; fail "expected an 87% match"; }
grep -q "\[\[preferred\]\]" "$WORK/l.txt" || fail "the differing word is not marked"
grep -q "مدير الحزم" "$WORK/l.txt" || fail "the Arabic target is missing"
"$TMKIT" lookup --tm "$TM" --src-lang en --tgt-lang fr --limit 20 --format json "One entry in the TM." > "$WORK/l.json"
python3 - "$WORK/l.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
m = r["matches"]
assert len(m) == 7, m                      # seven translations of one source (Olifant sample)
assert all(x["score"] == 100 for x in m), m
assert all(x["target_lang"] == "fr-FR" for x in m), m
PY
printf 'The big black cat sleeps.\nNothing like this is stored anywhere at all.\n' \
  | "$TMKIT" lookup --tm "$TM" --src-lang en --tgt-lang fr > "$WORK/stdin.txt"
[[ $(grep -c '^> ' "$WORK/stdin.txt") == 2 ]] || fail "stdin lookup did not answer two queries"
grep -q "  99% (100 -1 codes)" "$WORK/stdin.txt" || { cat "$WORK/stdin.txt"; fail "inline-code penalty not shown"; }

# Concordance in any language, folded.
"$TMKIT" concordance --tm "$TM" --lang en "PACKAGE manager" | grep -q "\[\[package manager\]\]" || fail "concordance en"
"$TMKIT" concordance --tm "$TM" --lang ar "الحزم" | grep -q "en: Install the SDK" || fail "concordance ar with other sides"
# A language the TM holds nothing in is a usage error naming what it holds, not "no match".
expect_rc 2 "$TMKIT" lookup --tm "$TM" --src-lang en --tgt-lang eu "Install the SDK."
grep -qx "tmkit: $TM holds no segments in 'eu' (--tgt-lang); it has .*\bfr\b.*" "$WORK/err" || fail "unknown --tgt-lang: $(cat "$WORK/err")"
expect_rc 2 "$TMKIT" lookup --tm "$TM" --src-lang eu --tgt-lang fr "Install the SDK."
grep -q "'eu' (--src-lang)" "$WORK/err" || fail "unknown --src-lang: $(cat "$WORK/err")"
expect_rc 2 "$TMKIT" lookup --tm "$TM" --src-lang english --tgt-lang fr "Install the SDK."
grep -q "'english' is not a language code" "$WORK/err" || fail "a language name for a code: $(cat "$WORK/err")"
expect_rc 2 "$TMKIT" concordance --tm "$TM" --lang xx "package"
grep -q "'xx' (--lang)" "$WORK/err" || fail "unknown concordance --lang: $(cat "$WORK/err")"

# Export validates against the DTD and the XSD, and re-imports to the same TM content.
"$TMKIT" export --tm "$TM" --out "$WORK/all.tmx"
(cd "$SCHEMAS" && xmllint --noout --nonet --dtdvalid tmx14.dtd "$WORK/all.tmx") || fail "export is not DTD-valid"
(cd "$SCHEMAS" && xmllint --noout --nonet --schema tmx14.xsd "$WORK/all.tmx" 2>/dev/null) || fail "export is not XSD-valid"
"$TMKIT" import --tm "$WORK/tm2" "$WORK/all.tmx" >/dev/null
a=$("$TMKIT" stats --tm "$TM" --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["units"], d["variants"])')
b=$("$TMKIT" stats --tm "$WORK/tm2" --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["units"], d["variants"])')
[[ "$a" == "$b" ]] || fail "re-imported export differs: $a vs $b"
"$TMKIT" export --tm "$TM" --out "$WORK/enar.tmx" --langs en,ar
[[ $(grep -c "<tu " "$WORK/enar.tmx") == 200 ]] || fail "--langs en,ar should keep the 200 en-ar units"
"$TMKIT" export --tm "$TM" --out "$WORK/since.tmx" --since 2025-01-01
[[ $(grep -c "<tu " "$WORK/since.tmx") == 1 ]] || fail "--since 2025-01-01 should keep the one unit changed in 2025"

# TSV import with reasons, then --doc export.
printf 'First line.\tПервая строка.\n\tпусто\nThird line.\tТретья строка.\n' > "$WORK/pairs.tsv"
"$TMKIT" import --tm "$WORK/tsv" --src-lang en --tgt-lang ru "$WORK/pairs.tsv" > "$WORK/r.txt"
grep -q "2 added, 0 merged, 0 joined, 1 skipped" "$WORK/r.txt" || { cat "$WORK/r.txt"; fail "TSV report"; }
grep -q "pairs.tsv:2" "$WORK/r.txt" || fail "TSV skip reason does not name the line"
# --background: the import runs in the idle scheduling class. It is made to wait for another
# writer (this shell holds the TM's writer lock) so that its policy can be read while it runs.
printf 'Fourth line.\tЧетвёртая строка.\n' > "$WORK/more.tsv"
flock -o "$WORK/tsv/writer.lock" sleep 20 >/dev/null 2>&1 &
holder=$!
sleep 0.5
"$TMKIT" import --tm "$WORK/tsv" --src-lang en --tgt-lang ru --background --wait 30 "$WORK/more.tsv" > "$WORK/bg.txt" &
importer=$!
policy=""
for _ in $(seq 1 50); do
  policy=$(chrt -p "$importer" 2>/dev/null | sed -n 's/.*current scheduling policy: //p')
  [[ "$policy" == SCHED_IDLE ]] && break
  sleep 0.1
done
[[ "$policy" == SCHED_IDLE ]] || fail "import --background runs with policy '$policy', not SCHED_IDLE"
pkill -P "$holder" sleep 2>/dev/null || true  # the sleep would outlive flock and keep ctest waiting
kill "$holder" 2>/dev/null || true
wait "$importer" || fail "import --background failed"
grep -q "1 added" "$WORK/bg.txt" || fail "import --background did not add its unit: $(cat "$WORK/bg.txt")"
"$TMKIT" export --tm "$WORK/tsv" --out "$WORK/doc.tmx" --doc pairs.tsv
[[ $(grep -c "<tu " "$WORK/doc.tmx") == 2 ]] || fail "--doc export"

# Bad input: the TM stays byte-for-byte the same.
sum() { sha256sum "$TM/data.mdb" | cut -d' ' -f1; }
before=$(sum)
printf '<tmx version="1.4"><header/><body><tu>\n<tuv xml:lang="en"><seg>a</seg></tuv>\n<tuv xml:lang="ru"><seg>b</sag></tuv></tu></body></tmx>\n' > "$WORK/bad.tmx"
expect_rc 2 "$TMKIT" import --tm "$TM" "$WORK/bad.tmx"
grep -q "bad.tmx:3:" "$WORK/err" || fail "malformed XML error lacks FILE:LINE:COL: $(cat "$WORK/err")"
printf '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="ru"><seg>b</seg></tuv></tu>\n<tu><tuv><seg>x</seg></tuv></tu></body></tmx>\n' > "$WORK/nolang.tmx"
expect_rc 2 "$TMKIT" import --tm "$TM" "$WORK/nolang.tmx"
grep -q "without xml:lang" "$WORK/err" || fail "missing xml:lang message"
expect_rc 2 "$TMKIT" import --tm "$TM" "$WORK/missing.tmx"
[[ $(sum) == "$before" ]] || fail "a failed import changed the TM"
# A second writer fails clearly while another holds the TM.
exec 9>"$TM/writer.lock"
flock 9
expect_rc 3 "$TMKIT" import --tm "$TM" "$SAMPLES/okapi_ImportTest1H_usascii_ncr.tmx"
grep -q "another process is writing" "$WORK/err" || fail "busy message: $(cat "$WORK/err")"
exec 9>&-
# A TM that may not grow: clear error, unchanged.
python3 - "$WORK/big.tsv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(20000):
        f.write(f"Sentence {i} about topic{i % 101} with words.\tПредложение {i} о теме{i % 97}.\n")
PY
size=$(stat -c %s "$TM/data.mdb")
expect_rc 3 "$TMKIT" import --tm "$TM" --max-map-size "$size" --src-lang en --tgt-lang ru "$WORK/big.tsv"
grep -q "full" "$WORK/err" || fail "map-full message: $(cat "$WORK/err")"
[[ $(sum) == "$before" ]] || fail "a refused import changed the TM"
# Not a TM.
mkdir "$WORK/plain" && echo hi > "$WORK/plain/x"
expect_rc 2 "$TMKIT" lookup --tm "$WORK/plain" --src-lang en --tgt-lang ru "x"
grep -q "not a tmkit TM" "$WORK/err" || fail "not-a-TM message: $(cat "$WORK/err")"
expect_rc 2 "$TMKIT" stats --tm "$WORK/nowhere"
# Unwritable directory (skipped as root, who can write anywhere).
if [[ $(id -u) != 0 ]]; then
  mkdir "$WORK/ro" && chmod 555 "$WORK/ro"
  expect_rc 3 "$TMKIT" import --tm "$WORK/ro/tm" "$SAMPLES/okapi_ImportTest1H_usascii_ncr.tmx"
fi
"$TMKIT" verify --tm "$TM" | grep -q ": ok" || fail "verify not clean at the end"
echo "tm_cli: ok"
