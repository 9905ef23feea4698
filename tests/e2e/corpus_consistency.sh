#!/usr/bin/env bash
# Guards the invariants of the gold corpora in corpora/ (format in corpora/README.md), so that an
# edit to a translation cannot silently desynchronise its sentence split or its gold beads:
#   LANG.sents  every line is a non-empty sentence found verbatim in LANG.txt, in order, and the
#               text between sentences is only whitespace or a "• " bullet marker (nothing lost);
#   LANG.paras  one paragraph index per sentence, equal to the blank-line block the sentence is in;
#   SRC-TGT.gold beads "[i, j]:[k]" whose source and target indices, read in order, are exactly
#               0..n-1 of SRC.sents and TGT.sents (every sentence once, monotone, no empty bead),
#               and score_alignment.py scores the gold against itself as F1 = 1.
set -euo pipefail
: "${TMKIT_SOURCE_DIR:?set TMKIT_SOURCE_DIR to the source tree}"
corpora="$TMKIT_SOURCE_DIR/corpora"
scorer="${TMKIT_SHARED_DIR:-}/data/alignment/score_alignment.py"

python3 - "$corpora" <<'PY'
import glob, os, re, sys

errors = []
def fail(where, msg):
    errors.append(f"{where}: {msg}")

def read_utf8(path):
    data = open(path, 'rb').read()
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as e:
        fail(path, f"invalid UTF-8 at byte {e.start}")
        return None
    if '\r' in text:
        fail(path, "contains a carriage return (files are LF-only)")
    return text

def lines_of(path):
    text = read_utf8(path)
    if text is None:
        return None
    if not text.endswith('\n'):
        fail(path, "does not end with a newline")
    return text.split('\n')[:-1]

corpora = sys.argv[1]
documents = sorted(d for d in glob.glob(os.path.join(corpora, '*')) if os.path.isdir(d))
if not documents:
    fail(corpora, "no corpus directories")
checked_gold = 0
for doc in documents:
    sentence_counts = {}
    for sents_path in sorted(glob.glob(os.path.join(doc, '*.sents'))):
        lang = os.path.basename(sents_path)[:-len('.sents')]
        txt_path = os.path.join(doc, lang + '.txt')
        paras_path = os.path.join(doc, lang + '.paras')
        if not os.path.exists(txt_path):
            fail(sents_path, f"no {lang}.txt beside it")
            continue
        text = read_utf8(txt_path)
        sents = lines_of(sents_path)
        if text is None or sents is None:
            continue
        sentence_counts[lang] = len(sents)
        # Paragraph (blank-line block) number of every character offset of the text.
        block_starts = [0] + [m.end() for m in re.finditer(r'\n[ \t]*\n\s*', text)]
        def block_at(offset):
            lo = 0
            for i, start in enumerate(block_starts):
                if start <= offset:
                    lo = i
            return lo
        pos = 0
        blocks = []
        for n, s in enumerate(sents, 1):
            where = f"{sents_path}:{n}"
            if not s.strip():
                fail(where, "blank line (paragraphs are recorded in .paras, not as blank lines)")
                blocks.append(None)
                continue
            if s != s.strip():
                fail(where, "leading or trailing whitespace")
            found = text.find(s, pos)
            if found < 0:
                before = text.find(s)
                fail(where, "not in the text" if before < 0 else
                     f"found in {lang}.txt only before the previous sentence (out of order)")
                blocks.append(None)
                continue
            gap = text[pos:found]
            if re.sub(r'\s|•', '', gap):
                line = text.count('\n', 0, pos) + 1
                fail(where, f"text skipped before this sentence ({lang}.txt line {line}): {gap.strip()[:60]!r}")
            blocks.append(block_at(found))
            pos = found + len(s)
        if re.sub(r'\s|•', '', text[pos:]):
            fail(txt_path, f"text after the last sentence is not in {lang}.sents: {text[pos:].strip()[:60]!r}")
        if not os.path.exists(paras_path):
            fail(sents_path, f"no {lang}.paras beside it")
            continue
        paras = lines_of(paras_path)
        if paras is None:
            continue
        if len(paras) != len(sents):
            fail(paras_path, f"{len(paras)} lines for {len(sents)} sentences")
            continue
        for n, (p, b) in enumerate(zip(paras, blocks), 1):
            if not re.fullmatch(r'\d+', p):
                fail(f"{paras_path}:{n}", f"not a paragraph index: {p!r}")
            elif b is not None and int(p) != b:
                fail(f"{paras_path}:{n}", f"paragraph {p}, but the sentence is in blank-line block {b} of {lang}.txt")

    bead_re = re.compile(r'\[((?:\d+(?:, \d+)*)?)\]:\[((?:\d+(?:, \d+)*)?)\]')
    for gold_path in sorted(glob.glob(os.path.join(doc, '*-*.gold'))):
        src, tgt = os.path.basename(gold_path)[:-len('.gold')].split('-', 1)
        if src not in sentence_counts or tgt not in sentence_counts:
            fail(gold_path, f"needs {src}.sents and {tgt}.sents beside it")
            continue
        lines = lines_of(gold_path)
        if lines is None:
            continue
        checked_gold += 1
        seen = {src: [], tgt: []}
        out_of_order = set()  # report the first break per side only; the rest would just cascade
        for n, line in enumerate(lines, 1):
            m = bead_re.fullmatch(line)
            if not m:
                fail(f"{gold_path}:{n}", f"not a bead like [0, 1]:[2]: {line!r}")
                continue
            s = [int(x) for x in m.group(1).split(', ')] if m.group(1) else []
            t = [int(x) for x in m.group(2).split(', ')] if m.group(2) else []
            if not s and not t:
                fail(f"{gold_path}:{n}", "empty bead []:[]")
            for lang, idx in ((src, s), (tgt, t)):
                expected = len(seen[lang])
                if idx and idx != list(range(expected, expected + len(idx))) and lang not in out_of_order:
                    out_of_order.add(lang)
                    fail(f"{gold_path}:{n}", f"{lang} indices {idx}, expected to continue at {expected} "
                         "(each sentence exactly once, in order)")
                seen[lang].extend(idx)
        for lang in (src, tgt):
            if sorted(seen[lang]) != list(range(sentence_counts[lang])):
                fail(gold_path, f"does not cover each of the {sentence_counts[lang]} {lang} sentences exactly once")

if checked_gold == 0:
    fail(corpora, "no gold alignment (*-*.gold) was checked")
for e in errors:
    print("corpus_consistency:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY

if [[ -f "$scorer" ]]; then
  for gold in "$corpora"/*/*-*.gold; do
    result=$(python3 "$scorer" "$gold" "$gold")
    [[ "$result" == *"F1_strict=1.000"*"F1_lax=1.000"* ]] ||
      { echo "corpus_consistency: $gold scored against itself: $result" >&2; exit 1; }
  done
else
  echo "corpus_consistency: $scorer not found; self-scoring of the gold skipped" >&2
fi
echo "corpus_consistency: ok"
