#!/usr/bin/env bash
# tmkit check on the seed article's raw texts aligns them as `tmkit align` does: the only
# target-empty findings are the sentences the gold alignment leaves untranslated (1-0 beads).
set -euo pipefail
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
D="$TMKIT_SOURCE_DIR/corpora/syria-geneva-talks"
G="$TMKIT_SOURCE_DIR/glossaries/names.tbx"
fail() { echo "FAIL: $*" >&2; exit 1; }
for L in ru ar; do
  set +e
  "$TMKIT" check --tgt-lang "$L" -g "$G" --format json "$D/en.txt" "$D/$L.txt" > "$T/$L.json"
  code=$?
  set -e
  [[ $code -le 1 ]] || fail "$L: exit $code"
  python3 - "$T/$L.json" "$D/en-$L.gold" "$D/en.sents" <<'PY' || fail "$L: target-empty findings differ from the gold's 1-0 beads"
import json, re, sys
findings = json.load(open(sys.argv[1]))
sents = open(sys.argv[3], encoding="utf-8").read().split("\n")
want = []
for line in open(sys.argv[2]):
    m = re.match(r"\[([\d, ]+)\]:\[\]", line.strip())
    if m:
        want.append(" ".join(sents[int(i)] for i in m.group(1).split(",")))
got = [f["source_span"]["text"] for f in findings if f["check"] == "target-empty"]
assert want, "the gold has no 1-0 bead"
assert sorted(got) == sorted(want), ("got", got, "want", want)
PY
done
echo "check_seed_article: ok"
