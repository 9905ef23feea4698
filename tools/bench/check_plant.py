#!/usr/bin/env python3
"""Plants errors of the kinds docs/checks.md claims into NTREX-128 translations (seeded), for the
recall side of `tmkit check` (tests/e2e/check_planted.sh, docs/benchmarks.md).

check_plant.py LANG N SEED OUT_PREFIX
  Reads ../shared/data/alignment/ntrex (TMKIT_SHARED_DIR), takes N segments at random (seed),
  plants one error into about half of them, writes OUT_PREFIX.tsv (source<TAB>target) and
  OUT_PREFIX.expected.tsv (segment 0-based<TAB>check<TAB>what was done).
Kinds: number-changed, number-missing, target-empty, target-identical, untranslated, spelling
(a transposition inside a frequent word; Arabic also a missing space), double-space,
final-punctuation (. -> ?), unbalanced-brackets, unbalanced-quotes, bidi-control.
The glossary checks (term-*) are planted in corpora/syria-geneva-talks/drafts (check_drafts.sh):
NTREX names few glossary concepts.
"""
import collections, os, random, re, sys

lang, n, seed, prefix = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
shared = os.environ.get("TMKIT_SHARED_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared"))
nt = os.path.join(shared, "data", "alignment", "ntrex")
en = open(os.path.join(nt, "newstest2019-src.eng.txt"), encoding="utf-8").read().split("\n")[:1997]
tg = open(os.path.join(nt, "newstest2019-ref.%s.txt" % ("rus" if lang == "ru" else "arb")), encoding="utf-8").read().split("\n")[:1997]
R = random.Random(seed)
letters = "а-яё" if lang == "ru" else "\u0621-\u064a"
word_re = re.compile("[%s]+" % letters)
freq = collections.Counter(w for t in tg for w in word_re.findall(t))


def number_changed(s, t):
    nums = [m for m in re.finditer(r"(?<![\d.,])\d{2,}(?![\d.,])", t) if m.group() in s]
    if not nums:
        return None
    m = R.choice(nums)
    d = list(m.group())
    i = len(d) // 2
    d[i] = str((int(d[i]) + 3) % 10)
    new = "".join(d)
    if new in s or (len(new) == 4 and new[:2] in ("19", "20")):
        return None
    return t[:m.start()] + new + t[m.end():], "changed %s to %s" % (m.group(), new)


def number_missing(s, t):
    nums = [m for m in re.finditer(r"(?<![\d.,])\d{2,}(?![\d.,%])", t) if m.group() in s and t.count(m.group()) == 1]
    if not nums:
        return None
    m = R.choice(nums)
    return re.sub(r"  +", " ", t[:m.start()] + t[m.end():]), "deleted %s" % m.group()


def spelling(s, t):
    words = [m for m in word_re.finditer(t) if len(m.group()) >= 8 and freq[m.group()] >= 3 and (lang != "ru" or m.group()[0].islower())]
    if not words:
        return None
    m = R.choice(words)
    w = m.group()
    if lang == "ar" and R.random() < 0.5:  # a missing space before the word
        if m.start() < 2 or t[m.start() - 1] != " " or not word_re.match(t[m.start() - 2]):
            return None
        return t[:m.start() - 1] + t[m.start():], "joined %s to the word before" % w
    i = R.randint(1, len(w) // 2 - 1)
    if w[i] == w[i + 1]:
        return None
    bad = w[:i] + w[i + 1] + w[i] + w[i + 2:]
    return t[:m.start()] + bad + t[m.end():], "%s -> %s" % (w, bad)


def double_space(s, t):
    spaces = [i for i, c in enumerate(t) if c == " "]
    if not spaces:
        return None
    i = R.choice(spaces)
    return t[:i] + " " + t[i:], "double space"


def final_punct(s, t):
    if not s.rstrip().endswith(".") or not t.rstrip().endswith("."):
        return None
    return t.rstrip()[:-1] + "?", ". -> ?"


def brackets(s, t):
    if s.count("(") != 1 or t.count(")") != 1:
        return None
    i = t.index(")")
    return t[:i] + t[i + 1:], "dropped )"


def quotes(s, t):
    if lang == "ru":
        if t.count("»") != 1 or t.count("«") != 1 or s.count('"') != 2:
            return None
        i = t.index("»")
    else:
        if t.count('"') != 2 or s.count('"') != 2:
            return None
        i = t.rindex('"')
    return t[:i] + t[i + 1:], "dropped the closing quote"


def bidi(s, t):
    words = list(word_re.finditer(t))
    if not words:
        return None
    m = R.choice(words)
    return t[:m.start()] + "\u202e" + m.group() + "\u202c" + t[m.end():], "U+202E around %s" % m.group()


def untranslated(s, t):
    w = word_re.findall(t)[:2]
    if len(s.split()) < 6 or len(w) < 2:
        return None
    return " ".join(w) + " " + s, "two target words, then the English"


kinds = [("number-changed", number_changed), ("number-missing", number_missing), ("spelling", spelling),
         ("double-space", double_space), ("final-punctuation", final_punct), ("unbalanced-brackets", brackets),
         ("unbalanced-quotes", quotes), ("bidi-control", bidi), ("untranslated", untranslated),
         ("target-empty", lambda s, t: ("", "emptied")), ("target-identical", lambda s, t: (s, "copied the source") if len(s.split()) >= 3 else None)]
picked = sorted(R.sample(range(len(en)), n))
rows, expected = [], []
planted = collections.Counter()
for idx in picked:
    s, t = en[idx].replace("\t", " "), tg[idx].replace("\t", " ")
    if R.random() < 0.5:
        # The rarest kind that fits this segment: numbers, brackets and quotes fit few.
        for check, fn in sorted(kinds, key=lambda kf: planted[kf[0]]):
            r = fn(s, t)
            if r:
                t, what = r
                expected.append((len(rows), check, "NTREX line %d: %s" % (idx + 1, what)))
                planted[check] += 1
                break
    rows.append((s, t))
with open(prefix + ".tsv", "w", encoding="utf-8") as f:
    for s, t in rows:
        f.write("%s\t%s\n" % (s, t))
with open(prefix + ".expected.tsv", "w", encoding="utf-8") as f:
    f.write("# segment (0-based)\tcheck\twhat was planted (tools/bench/check_plant.py %s %d %d)\n" % (lang, n, seed))
    for e in expected:
        f.write("%d\t%s\t%s\n" % e)
print("%s: %d segments, %d planted: %s" % (prefix, len(rows), len(expected), dict(collections.Counter(e[1] for e in expected))))
