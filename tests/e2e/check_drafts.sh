#!/usr/bin/env bash
# Recall and precision of every check on the seed article's drafts with planted errors
# (corpora/syria-geneva-talks/drafts, expectations in *.expected.tsv). A finding counts once per
# (segment, check). Fails when a check is below recall 0.95 or precision 0.90.
set -euo pipefail
D="$TMKIT_SOURCE_DIR/corpora/syria-geneva-talks/drafts"
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
for L in ru ar; do
  set +e
  "$TMKIT" check -g "$TMKIT_SOURCE_DIR/glossaries/names.tbx" --tgt-lang "$L" --format json "$D/$L.tsv" > "$T/$L.json"
  code=$?
  set -e
  [[ $code -eq 1 ]] || { echo "FAIL: check on the $L draft exited $code, want 1 (errors planted)"; exit 1; }
done
python3 - "$T" "$D" <<'PY'
import json, sys, collections
tmp, d = sys.argv[1], sys.argv[2]
tp, fp, fn = collections.Counter(), collections.Counter(), collections.Counter()
for lang in ("ru", "ar"):
    # The report numbers segments from 1, the expectations count lines from 0.
    got = {(f["segment"] - 1, f["check"]) for f in json.load(open(f"{tmp}/{lang}.json"))}
    exp = set()
    for line in open(f"{d}/{lang}.expected.tsv", encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        seg, check = line.split("\t")[:2]
        exp.add((int(seg), check))
    for s, c in got & exp: tp[c] += 1
    for s, c in got - exp:
        fp[c] += 1
        print(f"  false positive ({lang}): segment {s} {c}")
    for s, c in exp - got:
        fn[c] += 1
        print(f"  missed ({lang}): segment {s} {c}")
bad = []
print(f"{'check':22} {'TP':>3} {'FP':>3} {'FN':>3} {'recall':>7} {'precision':>9}")
for c in sorted(set(tp) | set(fp) | set(fn)):
    r = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 1.0
    p = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 1.0
    print(f"{c:22} {tp[c]:3} {fp[c]:3} {fn[c]:3} {r:7.2f} {p:9.2f}")
    if r < 0.95 or p < 0.90:
        bad.append(c)
T, F, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
print(f"{'all':22} {T:3} {F:3} {N:3} {T/(T+N):7.2f} {T/(T+F):9.2f}")
if bad:
    sys.exit("FAIL: below recall 0.95 / precision 0.90: " + ", ".join(bad))
PY
echo "check_drafts: ok"
