#!/usr/bin/env bash
# Concordance through inflection (issue 25) on the bundled article: every place where `tmkit terms`
# finds a glossaries/names.tbx name (in any inflected or clitic form, in en, ru and ar) is found by
# `tmkit concordance` asked for that name as the glossary writes it, with the form as it occurs
# marked; --exact finds only the form as written.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}"
DOC="$TMKIT_SOURCE_DIR/corpora/syria-geneva-talks"
NAMES="$TMKIT_SOURCE_DIR/glossaries/names.tbx"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# The TM: the article's gold sentence pairs, en-ru and en-ar.
python3 - "$DOC" "$WORK" <<'PY'
import re, sys
doc, work = sys.argv[1:]
sents = {l: open(f"{doc}/{l}.sents", encoding="utf-8").read().splitlines() for l in ("en", "ru", "ar")}
stored = {"en": set(), "ru": set(), "ar": set()}  # sentence indexes that made it into a unit
for tgt in ("ru", "ar"):
    with open(f"{work}/en-{tgt}.tsv", "w", encoding="utf-8") as out:
        for line in open(f"{doc}/en-{tgt}.gold", encoding="utf-8"):
            src_ids, tgt_ids = re.match(r"\[([^\]]*)\]:\[([^\]]*)\]", line).groups()
            join = lambda ids, l: " ".join(sents[l][int(i)] for i in ids.split(",") if i.strip())
            if src_ids.strip() and tgt_ids.strip():
                out.write(join(src_ids, "en") + "\t" + join(tgt_ids, tgt) + "\n")
                stored["en"].update(int(i) for i in src_ids.split(","))
                stored[tgt].update(int(i) for i in tgt_ids.split(","))
import json
json.dump({l: sorted(v) for l, v in stored.items()}, open(f"{work}/stored.json", "w"))
PY
for tgt in ru ar; do
  "$TMKIT" import --tm "$WORK/tm" --src-lang en --tgt-lang "$tgt" "$WORK/en-$tgt.tsv" > /dev/null
done

for lang in en ru ar; do
  "$TMKIT" terms --src-lang "$lang" -g "$NAMES" --no-glossary-cache --format json "$DOC/$lang.sents" > "$WORK/terms.$lang.json"
done
python3 - "$TMKIT" "$WORK" "$DOC" <<'PY'
import json, subprocess, sys
tmkit, work, doc = sys.argv[1:]
checked, missed, inflected = 0, [], 0
stored = json.load(open(f"{work}/stored.json"))
cache = {}
def concordance(lang, phrase, exact=False):
    key = (lang, phrase, exact)
    if key not in cache:
        args = [tmkit, "concordance", "--tm", f"{work}/tm", "--lang", lang, "--limit", "200", "--format", "json"]
        out = subprocess.run(args + (["--exact"] if exact else []) + [phrase], check=True, capture_output=True, text=True).stdout
        cache[key] = json.loads(out)["hits"]
    return cache[key]
for lang in ("en", "ru", "ar"):
    sents = open(f"{doc}/{lang}.sents", encoding="utf-8").read().splitlines()
    for m in json.load(open(f"{work}/terms.{lang}.json", encoding="utf-8")):
        if m["line"] - 1 not in stored[lang]:
            continue  # a sentence the gold aligns with nothing is in no unit
        sentence, surface, term = sents[m["line"] - 1], m["text"], m["term"]
        checked += 1
        found = False
        for h in concordance(lang, term):
            text = next(v["text"] for v in h["variants"] if v["lang"] == h["lang"])
            if sentence not in text:
                continue
            marked = [text.encode()[b:e].decode() for b, e in h["spans"]]
            if any(surface in s or s in surface for s in marked):
                found = True
        if not found:
            missed.append(f"{lang}: '{term}' does not find '{surface}' in: {sentence}")
        if surface.casefold() != term.casefold():
            inflected += 1
print(f"{checked} name occurrences ({inflected} in another form than the glossary's), {len(missed)} missed")
for m in missed:
    print("  " + m)
sys.exit(1 if missed or checked < 50 else 0)
PY

# The forms the issue names, one by one, and --exact for the literal form.
count() {  # count LANG PHRASE [--exact]
  "$TMKIT" concordance --tm "$WORK/tm" --lang "$1" --limit 200 --format json ${3:-} "$2" |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["hits"]))'
}
marked() {  # marked LANG PHRASE: the marked forms, one per line
  "$TMKIT" concordance --tm "$WORK/tm" --lang "$1" --limit 200 --format json "$2" | python3 -c '
import json, sys
for h in json.load(sys.stdin)["hits"]:
    t = next(v["text"] for v in h["variants"] if v["lang"] == h["lang"]).encode()
    for b, e in h["spans"]: print(t[b:e].decode())'
}
marked ru "Асад" | grep -x "Асада" > /dev/null || fail "ru: Асад does not find Асада"
marked ru "Башар Асад" | grep -x "Башара Асада" > /dev/null || fail "ru: Башар Асад does not find Башара Асада: $(marked ru 'Башар Асад')"
marked ar "الأسد" | grep -x "للأسد" > /dev/null || fail "ar: الأسد does not find للأسد: $(marked ar 'الأسد')"
marked en "Assad" | grep -x "al-Assad's" > /dev/null || fail "en: Assad does not mark al-Assad's: $(marked en Assad)"
marked en "Annan" | grep -x "Annan's" > /dev/null || fail "en: Annan does not find Annan's: $(marked en Annan)"
[[ $(count ru "Асад" --exact) -lt $(count ru "Асад") ]] || fail "ru: --exact Асад finds as many units as Асад"
marked ru "Асада" | grep -x "Асада" > /dev/null || fail "ru: an inflected query does not find its own form"
"$TMKIT" concordance --tm "$WORK/tm" --lang ru --exact --format json "Асад" | python3 -c '
import json, sys
for h in json.load(sys.stdin)["hits"]:
    t = next(v["text"] for v in h["variants"] if v["lang"] == h["lang"]).encode()
    for b, e in h["spans"]: assert t[b:e].decode().casefold() == "асад", t[b:e].decode()' || fail "--exact marked another form"
echo OK
