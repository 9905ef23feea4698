#!/usr/bin/env bash
# The XLIFF benchmarks of docs/benchmarks.md ("XLIFF"):
#  1. analysis and pre-translation of a 2,000-segment XLIFF made from NTREX against the 1M-unit
#     benchmark TM (tm_bench.sh builds it): wall and CPU time, max RSS and its anonymous and
#     file-backed peaks (xliff_run.py), RUNS runs each, interleaved with BASELINE (an earlier build
#     of tmkit) when given, whose bands and pre-translated file must be the same;
#  2. the same two jobs in a memory cgroup capped at CAP_MB (default 300), the TM's file evicted
#     from the page cache first (cold), then again (warm): what the jobs need in memory;
#  3. the match % of sampled pre-translated segments against `tmkit lookup`'s;
#  4. the readers of what tmkit writes: xmllint (XLIFF 1.2 strict schema) and Translate Toolkit;
#  5. band counts of the 60-document job against OmegaT 3.6's match statistics (xliff_omegat.sh).
#   tools/bench/xliff_bench.sh [BUILD_DIR] [TM_DIR] [WORK] [BASELINE_TMKIT]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build-rel}
TM=${2:-/tmp/tmkit-bench/tm1000000}
WORK=${3:-/tmp/tmkit-xliff-bench}
BASELINE=${4:-}
RUNS=${RUNS:-3}
CAP_MB=${CAP_MB:-300}
TMKIT="$BUILD/bin/tmkit"
SHARED=${TMKIT_SHARED_DIR:-$(cd .. && pwd)/shared}
RUN="python3 tools/bench/xliff_run.py"
mkdir -p "$WORK"
/usr/bin/python3 tools/bench/xliff_ntrex.py --shared "$SHARED" --out-dir "$WORK" >&2
# The two jobs as words: BINARY analyze ... -o OUT. Run directly (or through an exec), so that
# xliff_run.py samples tmkit's own /proc entry.
analyze=(analyze --tm "$TM" --src-lang en --tgt-lang ru --format json "$WORK/job2000.xlf" -o)
pretranslate=(pretranslate --tm "$TM" --tgt-lang ru "$WORK/job2000.xlf" -o)

echo "== 1. whole process, $RUNS runs (load average before each run in the line)"
for i in $(seq "$RUNS"); do
  for tag in new ${BASELINE:+baseline}; do
    bin=$TMKIT; [[ $tag == baseline ]] && bin=$BASELINE
    $RUN "$tag analyze" "$bin" "${analyze[@]}" "$WORK/analysis.$tag.json"
    $RUN "$tag pretranslate" "$bin" "${pretranslate[@]}" "$WORK/job2000.$tag.xlf"
  done
done
$RUN "new analyze without TM" "$TMKIT" analyze --format json -o "$WORK/count.json" "$WORK/job2000.xlf"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["total"]; print("bands:", json.dumps({k: v["segments"] for k, v in r["bands"].items()}), "repetitions:", r["repetitions"]["internal"]["segments"])' "$WORK/analysis.new.json"
if [[ -n $BASELINE ]]; then
  cmp -s "$WORK/analysis.new.json" "$WORK/analysis.baseline.json" && echo "analysis: the same as the baseline's" \
    || { echo "analysis DIFFERS from the baseline's"; diff <(python3 -m json.tool "$WORK/analysis.baseline.json") <(python3 -m json.tool "$WORK/analysis.new.json") | head -20; }
  cmp -s "$WORK/job2000.new.xlf" "$WORK/job2000.baseline.xlf" && echo "pre-translated file: byte for byte the baseline's" \
    || echo "pre-translated file DIFFERS from the baseline's: $(diff "$WORK/job2000.baseline.xlf" "$WORK/job2000.new.xlf" | grep -c '^[<>]') lines"
fi

echo "== 2. in a memory cgroup capped at $CAP_MB MiB (TM evicted first)"
if [[ $(id -u) == 0 ]] && source tools/bench/cgroup.sh && cg=$(new_cgroup memory "tmkit-xliff-cap-$$"); then
  trap 'rmdir "$cg" 2>/dev/null || true' EXIT
  if [[ -f "$cg/memory.max" ]]; then echo $((CAP_MB << 20)) > "$cg/memory.max"; else echo $((CAP_MB << 20)) > "$cg/memory.limit_in_bytes"; fi
  python3 -c 'import os,sys; fd=os.open(sys.argv[1], os.O_RDONLY); os.posix_fadvise(fd,0,0,os.POSIX_FADV_DONTNEED); os.close(fd)' "$TM/data.mdb"
  for round in cold warm; do
    $RUN "capped $round analyze" "${enter_cgroup[@]}" "$cg" "$TMKIT" "${analyze[@]}" "$WORK/analysis.capped.json"
    $RUN "capped $round pretranslate" "${enter_cgroup[@]}" "$cg" "$TMKIT" "${pretranslate[@]}" "$WORK/job2000.capped.xlf"
  done
  [[ -f "$cg/memory.peak" ]] && echo "cgroup memory.peak: $(( $(cat "$cg/memory.peak") >> 20 )) MiB"
  cmp -s "$WORK/analysis.capped.json" "$WORK/analysis.new.json" && cmp -s "$WORK/job2000.capped.xlf" "$WORK/job2000.new.xlf" \
    && echo "capped results: the same" || echo "capped results DIFFER"
else
  echo "(not root, or no cgroup memory controller: skipped)"
fi

echo "== 3. match % of sampled pre-translated segments against tmkit lookup (--min 50 --limit 1, neighbours)"
python3 - "$WORK/job2000.xlf" "$WORK/job2000.new.xlf" > "$WORK/sample.tsv" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
def units(path):
    out = []
    for f in ET.parse(path).getroot().findall("x:file", ns):
        us = f.findall("x:body/x:trans-unit", ns)
        for i, u in enumerate(us):
            src = u.find("x:source", ns).text or ""
            prev = us[i - 1].find("x:source", ns).text if i > 0 else ""
            nxt = us[i + 1].find("x:source", ns).text if i + 1 < len(us) else ""
            out.append((u, src, prev or "", nxt or ""))
    return out
done = units(sys.argv[2])
picked = 0
for k, (u, src, prev, nxt) in enumerate(done):
    t, alt = u.find("x:target", ns), u.find("x:alt-trans", ns)
    if alt is not None:
        score = alt.get("match-quality")
    elif t is not None and t.get("state-qualifier") == "exact-match":
        score = "101" if t.get("state") == "final" else "100"
    else:
        continue
    if k % 7 == 0 and picked < 40:
        picked += 1
        print("\t".join([score, src, prev, nxt]))
PY
same=0; all=0
while IFS=$'\t' read -r want text prev next; do
  got=$("$TMKIT" lookup --tm "$TM" --src-lang en --tgt-lang ru --min 50 --limit 1 --format json --prev "$prev" --next "$next" "$text" \
        | python3 -c 'import json,sys; m=json.load(sys.stdin)["matches"]; print(m[0]["score"] if m else 0)')
  all=$((all + 1)); [[ $got == "$want" ]] && same=$((same + 1)) || echo "differs: file $want, lookup $got: $text"
done < "$WORK/sample.tsv"
echo "same % as tmkit lookup: $same / $all (scores $(cut -f1 "$WORK/sample.tsv" | sort -n | uniq | tr '\n' ' '))"

echo "== 4. readers of the pre-translated file"
xmllint --noout --nonet --schema "$SHARED/data/xliff/1.2/xliff-core-1.2-strict.xsd" "$WORK/job2000.new.xlf"
if /usr/bin/python3 -c "import translate" 2>/dev/null; then
  /usr/bin/python3 - "$WORK/job2000.new.xlf" <<'PY'
import sys
from translate.storage import xliff
store = xliff.xlifffile.parsefile(sys.argv[1])
units = [u for u in store.units if not u.isheader()]
print("Translate Toolkit: %d units, %d with a target, %d alt-trans candidates"
      % (len(units), sum(1 for u in units if u.target), sum(len(u.getalttrans()) for u in units)))
PY
fi

echo "== 5. OmegaT 3.6 match statistics"
if command -v omegat > /dev/null; then
  tools/bench/xliff_omegat.sh "$TMKIT" "$WORK" other.tmx
  tools/bench/xliff_omegat.sh "$TMKIT" "$WORK" overlap.tmx
fi
