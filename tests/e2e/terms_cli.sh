#!/usr/bin/env bash
# tmkit terms on the seed article, and the glossary input errors (exit 2, file and line named).
set -euo pipefail
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
G="$TMKIT_SOURCE_DIR/glossaries/names.tbx"
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$("$TMKIT" terms -g "$G" --tgt-lang ru "$TMKIT_SOURCE_DIR/corpora/syria-geneva-talks/en.txt")
grep -q $'Bashar al-Assad\'s\t\\[person-bashar-al-assad\\]\tБашар Асад' <<<"$out" || fail "al-Assad's not listed with Башар Асад"
grep -q $'\tBan Ki-moon\t.*Бан Ки Мун (deprecated)' <<<"$out" || fail "deprecated form not shown"
json=$("$TMKIT" terms -g "$G" --tgt-lang ar --format json "$TMKIT_SOURCE_DIR/corpora/syria-geneva-talks/en.txt")
python3 - "$json" <<'PY' || fail "json output"
import json, sys
m = json.loads(sys.argv[1])
assert any(x["concept"] == "person-kofi-annan" and any(t["term"] == "كوفي عنان" for t in x["targets"]) for x in m)
PY

# Bad input: each is a one-line error naming the file (and line), exit 2.
expect_2() {
  local want="$1"; shift
  set +e; err=$("$@" 2>&1 >/dev/null); code=$?; set -e
  [[ $code -eq 2 ]] || fail "exit $code, want 2: $*"
  grep -qF -- "$want" <<<"$err" || fail "message '$err' lacks '$want'"
}
printf '<html><body/></html>\n' > "$T/page.tbx"
expect_2 "page.tbx:1: not a TBX file" "$TMKIT" terms -g "$T/page.tbx" /dev/null
printf '<tbx>\n<text><body>\n<conceptEntry>\n<langSec><termSec><term>x</term></termSec></langSec></conceptEntry></body></text></tbx>\n' > "$T/nolang.tbx"
expect_2 "nolang.tbx:4: <langSec> without xml:lang" "$TMKIT" terms -g "$T/nolang.tbx" /dev/null
printf 'Assad\tАсад\none column\n' > "$T/g.tsv"
expect_2 "g.tsv:2: expected 2 or 3 tab-separated columns" "$TMKIT" terms -g "$T/g.tsv" --src-lang en --tgt-lang ru /dev/null
expect_2 "zz" "$TMKIT" terms -g "$G" --src-lang zz /dev/null
expect_2 "no such file" "$TMKIT" terms -g "$T/missing.tbx" /dev/null
echo "terms_cli: ok"
