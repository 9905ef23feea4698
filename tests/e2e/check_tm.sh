#!/usr/bin/env bash
# tmkit check with a TM: the TM as the reference of a draft's consistency and name checks, the TM's
# own consistency report (--tm alone), and TMX files as the checked input.
set -euo pipefail
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
G="$TMKIT_SOURCE_DIR/glossaries/names.tbx"
fail() { echo "FAIL: $*" >&2; exit 1; }
run() { set +e; "$@"; code=$?; set -e; }

# The TM: Peskov (not in the glossary) rendered one way in three forms, a sentence translated two ways, a translation
# standing for two sources, and units that concern nothing in the draft.
cat > "$T/tm.tsv" <<'TSV'
Peskov spoke on Friday.	Выступил Песков в пятницу.
The talks failed.	Переговоры сорвались.
With Peskov in Moscow.	Вместе с Песковым в Москве.
Peskov's view.	Мнение Пескова.
He left.	Он ушел.
She left.	Он ушел.
The talks failed.	Переговоры провалились.
Merkel spoke.	Выступила Меркель.
TSV
"$TMKIT" import --tm "$T/tm" --src-lang en --tgt-lang ru "$T/tm.tsv" > /dev/null
printf 'Peskov said so.\tТак сказал Пескоф.\nThe talks failed.\tПереговоры провалились.\nThe rain stopped.\tДождь кончился.\n' > "$T/draft.tsv"

# Without the TM the draft is consistent in itself.
run "$TMKIT" check --tgt-lang ru -g "$G" --fail-on warning "$T/draft.tsv" > "$T/out.txt"
[[ $code -eq 0 ]] || { cat "$T/out.txt"; fail "draft alone: exit $code, want 0"; }

# With it: Пескоф against the TM's Песков (three forms), the talks translated otherwise there.
run "$TMKIT" check --tgt-lang ru -g "$G" --tm "$T/tm" --fail-on warning "$T/draft.tsv" > "$T/out.txt"
[[ $code -eq 1 ]] || { cat "$T/out.txt"; fail "draft with --tm: exit $code, want 1"; }
grep -q "^segment 1: warning \[name-inconsistent\] .*«Песков» ×3, «Пескоф» ×1" "$T/out.txt" || fail "no name-inconsistent: $(cat "$T/out.txt")"
grep -q "tgt: Так сказал ⟦Пескоф⟧." "$T/out.txt" || fail "name-inconsistent span not marked"
grep -q "suggestion: Песков$" "$T/out.txt" || fail "name-inconsistent suggestion"
grep -q "^segment 2: warning \[inconsistent-target\] the same source is translated elsewhere as «Переговоры сорвались.»" "$T/out.txt" \
  || fail "no inconsistent-target against the TM: $(cat "$T/out.txt")"
# The suggestion is the other translation as written, ready to paste (not folded to lower case).
grep -q "^  suggestion: Переговоры сорвались.$" "$T/out.txt" || fail "inconsistent-target suggestion: $(cat "$T/out.txt")"
grep -q "^segment 3" "$T/out.txt" && fail "segment 3 has nothing in the TM: $(cat "$T/out.txt")"
grep -q "Меркель" "$T/out.txt" && fail "a TM unit the draft does not concern shows up"
run "$TMKIT" check --tgt-lang ru -g "$G" --tm "$T/tm" --format json "$T/draft.tsv" > "$T/out.json"
[[ $code -eq 0 ]] || fail "warnings only, default --fail-on error: exit $code, want 0"
python3 - "$T/out.json" <<'PY' || fail "json report with --tm: $(cat "$T/out.json")"
import json, sys
f = json.load(open(sys.argv[1]))
got = sorted((x["check"], x["segment"]) for x in f)
assert got == [("inconsistent-target", 2), ("name-inconsistent", 1)], got
n = [x for x in f if x["check"] == "name-inconsistent"][0]
assert n["target_span"]["text"] == "Пескоф" and n["unit"] is None and n["suggestion"] == "Песков", n
PY
# --skip still applies.
run "$TMKIT" check --tgt-lang ru --tm "$T/tm" --skip name-inconsistent --skip inconsistent-target --fail-on warning "$T/draft.tsv" > /dev/null
[[ $code -eq 0 ]] || fail "--skip with --tm: exit $code, want 0"

# --tm alone: the TM's own consistency report, on stored units.
run "$TMKIT" check --tgt-lang ru --tm "$T/tm" --fail-on warning > "$T/out.txt"
[[ $code -eq 1 ]] || { cat "$T/out.txt"; fail "TM report: exit $code, want 1"; }
grep -q "^unit 2: warning \[inconsistent-target\] one source, several translations: .*«Переговоры провалились.» ×1 (unit 7)" "$T/out.txt" \
  || fail "TM report, inconsistent-target: $(cat "$T/out.txt")"
grep -q "^unit 5: warning \[inconsistent-source\] one translation, several sources: .*«She left.» ×1 (unit 6)" "$T/out.txt" \
  || fail "TM report, inconsistent-source: $(cat "$T/out.txt")"
[[ $(grep -c "^unit " "$T/out.txt") -eq 2 ]] || fail "TM report: want 2 findings: $(cat "$T/out.txt")"
run "$TMKIT" check --tgt-lang ru --tm "$T/tm" --format json > "$T/out.json"
python3 - "$T/out.json" <<'PY' || fail "TM report json: $(cat "$T/out.json")"
import json, sys
f = json.load(open(sys.argv[1]))
assert [(x["check"], x["unit"]) for x in f] == [("inconsistent-target", 2), ("inconsistent-source", 5)], f
assert f[1]["segment"] is None  # a stored unit is named by "unit", not numbered as a segment
PY

# TMX as the input: each unit holding both languages is a segment; en-ar units are not en-ru's.
cat > "$T/draft.tmx" <<'TMX'
<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext"/>
<body>
<tu><tuv xml:lang="en"><seg>Assad met Lavrov on Friday.</seg></tuv><tuv xml:lang="ru-RU"><seg>Ассад встретился с Лавровым в пятницу.</seg></tuv><tuv xml:lang="ar"><seg>التقى الأسد لافروف يوم الجمعة.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Peskov said so.</seg></tuv><tuv xml:lang="ru"><seg>Так сказал Пескоф.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Damascus was hit 3 times.</seg></tuv><tuv xml:lang="ar"><seg>ضربت دمشق 3 مرات.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Damascus was hit 3 times.</seg></tuv><tuv xml:lang="ru"><seg>Дамаск подвергся ударам 4 раза.</seg></tuv></tu>
</body></tmx>
TMX
run "$TMKIT" check --tgt-lang ru -g "$G" "$T/draft.tmx" > "$T/out.txt"
[[ $code -eq 1 ]] || { cat "$T/out.txt"; fail "TMX input: exit $code, want 1"; }
grep -q "^3 segments" "$T/out.txt" || fail "TMX input: want the 3 en-ru units: $(tail -1 "$T/out.txt")"
grep -q "^segment 1: error \[term-deprecated\] «Ассад»" "$T/out.txt" || fail "TMX input, term-deprecated: $(cat "$T/out.txt")"
grep -q "^segment 3: error \[number-changed\]" "$T/out.txt" || fail "TMX input, number-changed: $(cat "$T/out.txt")"
run "$TMKIT" check --tgt-lang ru -g "$G" --tm "$T/tm" --format json "$T/draft.tmx" > "$T/out.json"
python3 - "$T/out.json" <<'PY' || fail "TMX input with --tm: $(cat "$T/out.json")"
import json, sys
f = json.load(open(sys.argv[1]))
got = {(x["check"], x["segment"]) for x in f}
assert ("name-inconsistent", 2) in got and ("term-deprecated", 1) in got and ("number-changed", 3) in got, got
PY
run "$TMKIT" check --tgt-lang ar -g "$G" "$T/draft.tmx" > "$T/out.txt"
grep -q "^2 segments" "$T/out.txt" || fail "TMX input for en-ar: $(tail -1 "$T/out.txt")"
# The TM exported as TMX, checked as a file (no extension: recognized by content).
"$TMKIT" export --tm "$T/tm" --out "$T/tm.tmx" > /dev/null
cp "$T/tm.tmx" "$T/exported"
run "$TMKIT" check --tgt-lang ru --format json "$T/exported" > "$T/out.json"
python3 - "$T/out.json" <<'PY' || fail "exported TMX: $(cat "$T/out.json")"
import json, sys
f = json.load(open(sys.argv[1]))
assert sorted({x["check"] for x in f}) == ["inconsistent-source", "inconsistent-target"], f
PY

# Errors: exit 2, naming the file and place.
expect_2() {
  local want="$1"; shift
  run "$@" 2>"$T/err" >/dev/null
  [[ $code -eq 2 ]] || fail "exit $code, want 2: $*"
  grep -qF -- "$want" "$T/err" || fail "message '$(cat "$T/err")' lacks '$want'"
}
printf '<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>A</seg></tuv>\n<tuv xml:lang="ru"><seg>B</tuv></tu></body></tmx>\n' > "$T/bad.tmx"
expect_2 "bad.tmx:2:28: mismatched tag" "$TMKIT" check --tgt-lang ru "$T/bad.tmx"
expect_2 "no TM at $T/none" "$TMKIT" check --tgt-lang ru --tm "$T/none" "$T/draft.tsv"
expect_2 "or --tm" "$TMKIT" check --tgt-lang ru
echo "check_tm: ok"
