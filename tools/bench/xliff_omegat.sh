#!/usr/bin/env bash
# Band counts of `tmkit analyze` against OmegaT 3.6's match statistics (docs/benchmarks.md,
# "XLIFF"): the 60-document NTREX job (job.xlf of xliff_ntrex.py) as the source of an OmegaT project
# whose tm/ holds TMX (other.tmx, the other documents' pairs, by default; overlap.tmx adds edited
# pairs of the job itself); tmkit analyses the same file against a TM imported from the same TMX.
# OmegaT 3.6 has no statistics console mode, but its console-translate mode runs a --script after
# loading the project, with the project loaded: xliff_omegat_stats.groovy runs there the very
# computation of the GUI's Tools > Match Statistics (CalcMatchStatistics), which writes
# omegat/project_stats_match.txt as the GUI does. OmegaT also writes omegat/project_stats.txt
# (segments, words, characters) whenever it loads a project.
#   tools/bench/xliff_omegat.sh TMKIT WORK [TMX]     (WORK holds job.xlf and TMX, default other.tmx)
set -euo pipefail
TMKIT=$(realpath "$1")
WORK=$(realpath "$2")
TMX=${3:-other.tmx}
NAME=${TMX%.tmx}
HERE=$(cd "$(dirname "$0")" && pwd)
O="$WORK/omegat-$NAME"
P="$O/proj"
rm -rf "$O" && mkdir -p "$P/source" "$P/tm" "$P/omegat" "$P/target" "$P/glossary" "$P/dictionary" "$O/home"
# OmegaT 3.6's XLIFF filter takes its segments from <target> (as in the packages Okapi prepares for
# it, each target a copy of its source): without targets it finds no segment at all.
/usr/bin/python3 -c 'import re,sys; s=open(sys.argv[1],encoding="utf-8").read(); open(sys.argv[2],"w",encoding="utf-8").write(re.sub(r"<source>(.*?)</source></trans-unit>", r"<source>\1</source><target>\1</target></trans-unit>", s))' \
  "$WORK/job.xlf" "$P/source/job.xlf"
cp "$WORK/$TMX" "$P/tm/"
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
start=$(date +%s)
(cd "$O" && HOME="$PWD/home" timeout 1800 omegat --mode=console-translate --disable-project-locking \
   --script="$HERE/xliff_omegat_stats.groovy" proj > omegat.log 2>&1) || { tail -20 "$O/omegat.log"; exit 1; }
echo "OmegaT 3.6 against $TMX: $(( $(date +%s) - start )) s"
[[ -s "$P/omegat/project_stats_match.txt" ]] || { echo "OmegaT wrote no project_stats_match.txt"; tail -20 "$O/omegat.log"; exit 1; }
cat "$P/omegat/project_stats_match.txt"
grep -E "^(Total|Unique):" "$P/omegat/project_stats.txt" || true

rm -rf "$O/tmkit-tm"
"$TMKIT" import --tm "$O/tmkit-tm" "$WORK/$TMX" > /dev/null 2>&1
"$TMKIT" analyze --tm "$O/tmkit-tm" --format json "$WORK/job.xlf" > "$O/tmkit.json"
echo "tmkit analyze against $TMX:"
"$TMKIT" analyze --tm "$O/tmkit-tm" "$WORK/job.xlf"
