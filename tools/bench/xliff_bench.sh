#!/usr/bin/env bash
# The XLIFF benchmarks of docs/benchmarks.md ("XLIFF"): analysis and pre-translation of a
# 2,000-segment XLIFF made from NTREX against the 1M-unit benchmark TM (tm_bench.sh builds it),
# whole-process wall time and max RSS with /usr/bin/time, RUNS runs each; then the counts of the
# 60-document job against OmegaT 3.6's project statistics (console-translate writes them).
#   tools/bench/xliff_bench.sh [BUILD_DIR] [TM_DIR] [WORK]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build-rel}
TM=${2:-/tmp/tmkit-bench/tm1000000}
WORK=${3:-/tmp/tmkit-xliff-bench}
RUNS=${RUNS:-3}
TMKIT="$BUILD/bin/tmkit"
SHARED=${TMKIT_SHARED_DIR:-$(cd .. && pwd)/shared}
mkdir -p "$WORK"
/usr/bin/python3 tools/bench/xliff_ntrex.py --shared "$SHARED" --out-dir "$WORK" >&2
timed() {  # LABEL CMD...: one JSON line per run
  local label=$1; shift
  /usr/bin/time -f "{\"run\":\"$label\",\"elapsed_s\":%e,\"user_s\":%U,\"sys_s\":%S,\"max_rss_kb\":%M}" -o "$WORK/time" "$@" > /dev/null
  cat "$WORK/time"
}
for i in $(seq "$RUNS"); do
  timed analyze "$TMKIT" analyze --tm "$TM" --src-lang en --tgt-lang ru --format json -o "$WORK/analysis.json" "$WORK/job2000.xlf"
  timed pretranslate "$TMKIT" pretranslate --tm "$TM" --tgt-lang ru "$WORK/job2000.xlf" -o "$WORK/job2000.out.xlf"
  timed analyze-no-tm "$TMKIT" analyze --format json -o "$WORK/count.json" "$WORK/job2000.xlf"
done
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["total"]; print(json.dumps({k: v["segments"] for k, v in r["bands"].items()}))' "$WORK/analysis.json"
xmllint --noout --nonet --schema "$SHARED/data/xliff/1.2/xliff-core-1.2-strict.xsd" "$WORK/job2000.out.xlf"
if command -v xliff2po > /dev/null; then
  xliff2po --progress=none "$WORK/job2000.out.xlf" "$WORK/job2000.out.po" && echo "xliff2po: read"
fi

# OmegaT 3.6: the 60-document job as text, other.tmx in tm/; console-translate writes
# omegat/project_stats.txt (segments, words, characters). tmkit counts the same sentences.
if command -v omegat > /dev/null; then
  P="$WORK/omegat/proj"
  rm -rf "$WORK/omegat" && mkdir -p "$P/source" "$P/tm" "$P/omegat" "$P/target" "$P/glossary" "$P/dictionary" "$WORK/omegat/home"
  cp "$WORK/job.txt" "$P/source/" && cp "$WORK/other.tmx" "$P/tm/"
  cat > "$P/omegat.project" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir><target_dir>__DEFAULT__</target_dir><tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir><glossary_file>__DEFAULT__</glossary_file><dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>en</source_lang><target_lang>ru</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok><target_tok>org.omegat.tokenizer.LuceneRussianTokenizer</target_tok>
    <sentence_seg>false</sentence_seg><support_default_translations>true</support_default_translations><remove_tags>false</remove_tags>
  </project>
</omegat>
XML
  (cd "$WORK/omegat" && HOME="$PWD/home" timeout 900 omegat --mode=console-translate --disable-project-locking proj > omegat.log 2>&1)
  grep -E "^(Total|Unique):" "$P/omegat/project_stats.txt"
  "$TMKIT" analyze --format json "$WORK/job.xlf" | python3 -c 'import json,sys; a=json.load(sys.stdin)["total"]["all"]; print("tmkit", a)'
fi
