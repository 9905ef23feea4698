#!/usr/bin/env bash
# Interop: a tmkit export placed in an OmegaT 3.6 project's tm/auto makes
# `omegat --mode=console-translate` fill the exact matches (research/tm.md §4).
set -euo pipefail
: "${TMKIT:?}"
if ! command -v omegat >/dev/null; then
  echo "SKIP: omegat is not installed (scripts/setup.sh --with-test-peers installs it)"
  exit 0
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cd "$WORK"
printf '%s\t%s\n' \
  "The talks resumed in Geneva on Monday." "Переговоры возобновились в Женеве в понедельник." \
  "Aid convoys reached the besieged city." "Колонны с гуманитарной помощью достигли осажденного города." \
  "The envoy said progress was slow." "Посланник сказал, что прогресс идет медленно." > pairs.tsv
"$TMKIT" import --tm tm --src-lang en --tgt-lang ru pairs.tsv >/dev/null
mkdir -p proj/source proj/tm/auto proj/omegat proj/target proj/glossary proj/dictionary home
"$TMKIT" export --tm tm --out proj/tm/auto/en-ru.tmx --langs en,ru 2>/dev/null
printf '%s\n\n' "The talks resumed in Geneva on Monday." "Aid convoys reached the besieged city." \
  "The envoy said progress was slow." "The envoy said progress was fast." \
  "Nothing like this is in the memory." > proj/source/doc.txt
cat > proj/omegat.project <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>en</source_lang>
    <target_lang>ru</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneRussianTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
XML
HOME="$WORK/home" timeout 600 omegat --mode=console-translate --disable-project-locking proj > omegat.log 2>&1 \
  || { tail -20 omegat.log >&2; fail "omegat console-translate failed"; }
out=proj/target/doc.txt
[[ -f $out ]] || fail "OmegaT wrote no target document"
for ru in "Переговоры возобновились в Женеве в понедельник." "Колонны с гуманитарной помощью достигли осажденного города." \
          "Посланник сказал, что прогресс идет медленно."; do
  grep -qF "$ru" "$out" || { cat "$out" >&2; fail "OmegaT did not fill the exact match: $ru"; }
done
grep -qF "The envoy said progress was fast." "$out" || fail "a fuzzy-only sentence was replaced"
grep -qF "Nothing like this is in the memory." "$out" || fail "an unmatched sentence was replaced"
echo "tm_interop_omegat: ok"
