#!/usr/bin/env bash
# What a new user trips over first (issue 25): a failed import that leaves a TM behind, language
# tags and elements imported without a word, verbs and options mistyped, help without examples.
set -euo pipefail
: "${TMKIT:?}"
BAD="$(dirname "$0")/../bad-inputs"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_rc() {  # expect_rc CODE command...
  local want=$1; shift
  set +e; "$@" >"$WORK/out" 2>"$WORK/err"; local rc=$?; set -e
  [[ $rc == "$want" ]] || { cat "$WORK/out" "$WORK/err" >&2; fail "exit $rc, expected $want: $*"; }
}

# A failed import creates nothing: missing file, truncated TMX, mismatched tags.
for input in "$WORK/missing.tmx" "$BAD/tmx-truncated.tmx" "$BAD/tmx-mismatched-tag.tmx" "$BAD/tmx-not-tmx.tmx"; do
  expect_rc 2 "$TMKIT" import --tm "$WORK/new.tm" "$input"
  [[ ! -e "$WORK/new.tm" ]] || fail "import of $(basename "$input") left $(ls -A "$WORK/new.tm" | tr '\n' ' ') behind"
done
# ...and an existing TM is kept (and unchanged: the import is one transaction).
cat > "$WORK/good.tmx" <<'TMX'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="en"><seg>Talks resume in Geneva.</seg></tuv><tuv xml:lang="rus"><seg>Переговоры возобновятся в Женеве.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>The envoy arrived.</seg></tuv><tvu xml:lang="ru"><seg>Посланник прибыл.</seg></tvu></tu>
</body>
</tmx>
TMX
expect_rc 0 "$TMKIT" import --tm "$WORK/tm" "$WORK/good.tmx"
expect_rc 2 "$TMKIT" import --tm "$WORK/tm" "$BAD/tmx-truncated.tmx"
[[ -f "$WORK/tm/data.mdb" ]] || fail "a failed import removed an existing TM"

# xml:lang="rus" warns and names "ru"; <tvu> is named.
expect_rc 0 "$TMKIT" import --tm "$WORK/tm2" "$WORK/good.tmx"
grep -q 'good.tmx:4: language tag "rus" is not BCP 47 (use "ru")' "$WORK/err" || fail "no warning for rus: $(cat "$WORK/err")"
grep -q 'good.tmx:5: <tvu> is not a TMX element.*did you mean <tuv>' "$WORK/err" || fail "no warning naming <tvu>: $(cat "$WORK/err")"
expect_rc 0 "$TMKIT" import --tm "$WORK/tm3" --format json "$WORK/good.tmx"
python3 -c 'import json,sys; w=json.load(open(sys.argv[1]))["warnings"]; assert len(w)==2, w' "$WORK/out" || fail "JSON report lacks warnings: $(cat "$WORK/out")"

# An unknown verb is named, with the verbs meant.
expect_rc 2 "$TMKIT" serch
grep -q "unknown verb 'serch' (did you mean lookup? concordance?" "$WORK/err" || fail "serch: $(cat "$WORK/err")"
expect_rc 2 "$TMKIT" imprt
grep -q "did you mean import?" "$WORK/err" || fail "imprt: $(cat "$WORK/err")"
# Bare tmkit and tmkit help list the verbs.
expect_rc 2 "$TMKIT"
grep -q "concordance" "$WORK/out" && grep -q "lookup" "$WORK/out" || fail "bare tmkit does not list the verbs"
expect_rc 0 "$TMKIT" help
for verb in align check concordance export import lookup segment serve verify; do
  grep -q "^  $verb " "$WORK/out" || fail "tmkit help does not list $verb"
done
expect_rc 0 "$TMKIT" help lookup
grep -q -- "--src-lang" "$WORK/out" || fail "tmkit help lookup does not show lookup's options"
# An unknown option is named, with the option meant.
expect_rc 2 "$TMKIT" import --tm "$WORK/x.tm" --src en "$WORK/good.tmx"
grep -q "unknown option --src (did you mean --src-lang?)" "$WORK/err" || fail "--src: $(cat "$WORK/err")"
[[ ! -e "$WORK/x.tm" ]] || fail "a refused command line created the TM"
expect_rc 2 "$TMKIT" lookup --tm "$WORK/tm" --src-lang en --tgt-lang ru --limt 3 "Talks"
grep -q "unknown option --limt (did you mean --limit?)" "$WORK/err" || fail "--limt: $(cat "$WORK/err")"
# Every --help ends with an example: the verbs tmkit help lists, and the everyday ones in any case
# (so a tmkit whose help lists nothing is still asked).
"$TMKIT" help | awk '/^Verbs:/ {on=1; next} on && NF {print $1}' > "$WORK/verbs"
[[ $(wc -l < "$WORK/verbs") -ge 10 ]] || fail "too few verbs listed"
printf '%s\n' align check concordance export import lookup segment serve stats verify >> "$WORK/verbs"
sort -u -o "$WORK/verbs" "$WORK/verbs"
while read -r verb; do
  "$TMKIT" "$verb" --help > "$WORK/help" 2>&1 || true
  grep -A1 "^Example:" "$WORK/help" | grep -q "tmkit $verb" || fail "tmkit $verb --help has no example"
done < "$WORK/verbs"
# Messages through the catalogs.
LANG=ru_RU.UTF-8 LC_ALL=ru_RU.UTF-8 expect_rc 2 "$TMKIT" serch
grep -q "неизвестная команда 'serch'" "$WORK/err" || fail "Russian unknown verb: $(cat "$WORK/err")"
LC_ALL=ru_RU.UTF-8 expect_rc 2 "$TMKIT" import --tm "$WORK/y.tm" "$WORK/missing.tmx"
grep -q "missing.tmx: нет такого файла" "$WORK/err" || fail "Russian missing file: $(cat "$WORK/err")"
LC_ALL=ar_SA.UTF-8 expect_rc 2 "$TMKIT" import --tm "$WORK/y.tm" --sorce x "$WORK/missing.tmx"
grep -q "خيار غير معروف --sorce" "$WORK/err" || fail "Arabic unknown option: $(cat "$WORK/err")"
# ar-SA is accepted as ar: the glossary's ar terms apply, the TM's ar segments answer, and the
# region is kept where tmkit writes.
SRC="$(dirname "$0")/../.."
printf 'President Bashar al-Assad met Kofi Annan.\n' > "$WORK/en.txt"
printf 'التقى الرئيس بشار الأسد كوفي أنان.\n' > "$WORK/ar.txt"
set +e
"$TMKIT" check --presegmented --tgt-lang ar -g "$SRC/glossaries/names.tbx" --format json "$WORK/en.txt" "$WORK/ar.txt" > "$WORK/ar.json"
"$TMKIT" check --presegmented --tgt-lang ar-SA -g "$SRC/glossaries/names.tbx" --format json "$WORK/en.txt" "$WORK/ar.txt" > "$WORK/ar-SA.json"
set -e
python3 - "$WORK/ar.json" "$WORK/ar-SA.json" <<'PY' || fail "check --tgt-lang ar-SA differs from ar"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
fa = a["findings"] if isinstance(a, dict) else a
fb = b["findings"] if isinstance(b, dict) else b
key = lambda f: (f["check"], f.get("message"))
assert any(f["check"].startswith("term") for f in fa), fa
assert sorted(map(key, fa)) == sorted(map(key, fb)), (fa, fb)
PY
printf 'Talks resume in Geneva.\tتستأنف المحادثات في جنيف.\n' > "$WORK/en-ar.tsv"
expect_rc 0 "$TMKIT" import --tm "$WORK/ar.tm" --src-lang en --tgt-lang ar "$WORK/en-ar.tsv"
expect_rc 0 "$TMKIT" lookup --tm "$WORK/ar.tm" --src-lang en-US --tgt-lang ar-SA "Talks resume in Geneva."
grep -q "جنيف" "$WORK/out" || fail "lookup --tgt-lang ar-SA found nothing in an ar TM: $(cat "$WORK/err")"
expect_rc 0 "$TMKIT" import --tm "$WORK/arsa.tm" --src-lang en --tgt-lang ar-SA "$WORK/en-ar.tsv"
expect_rc 0 "$TMKIT" stats --tm "$WORK/arsa.tm"
grep -q "ar-SA" "$WORK/out" || fail "the region was not kept: $(cat "$WORK/out")"

# Dictionary hints name only Debian packages: ru-ar has none.
expect_rc 0 "$TMKIT" align --src-lang ru --tgt-lang ar "$WORK/en.txt" "$WORK/ar.txt"
if grep -q "dict-freedict-rus-ara\|dict-freedict-ara-rus" "$WORK/err"; then fail "hint names a package Debian lacks: $(cat "$WORK/err")"; fi
grep -q "Debian packages no FreeDict dictionary between rus and ara" "$WORK/err" || fail "the ru-ar hint does not say Debian has none: $(cat "$WORK/err")"

# scripts/build.sh shows the build's progress (with a stand-in cmake printing make's lines).
cat > "$WORK/cmake" <<'SH'
#!/usr/bin/env bash
[[ "$1" == "--build" ]] || exit 0
for p in 5 12 25 40 55 70 85 100; do echo "[ $p%] Building CXX object x$p.cc.o"; done
SH
chmod +x "$WORK/cmake"
# The stand-in is first on PATH too: a build.sh that ignores TMKIT_CMAKE must not start a real build.
PATH="$WORK:$PATH" TMKIT_CMAKE="$WORK/cmake" TMKIT_BUILD_DIR="$WORK/fake-build" bash "$SRC/scripts/build.sh" 2> "$WORK/progress" > /dev/null
grep -q "building tmkit:  55%" "$WORK/progress" && grep -q "building tmkit: 100%" "$WORK/progress" ||
  fail "build.sh shows no progress: $(cat "$WORK/progress")"
echo OK
