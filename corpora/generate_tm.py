#!/usr/bin/env python3
"""Generates a realistic en-ru newsroom TM as TMX (and a query file) for the TM benchmarks.

Seeded from the 1997 NTREX news sentences (data/alignment/ntrex, CC BY-SA 4.0). A newsroom TM is
full of near-duplicates (the same wire sentence with a new number, name or verb) and of sentences
stitched from familiar clauses, so each unit is one of:
  near   (40%) a seed pair with 1-3 word edits: a number changed on both sides, a word replaced by
               another corpus word of similar frequency, a word dropped;
  splice (40%) the first part of one seed and the rest of another, on both sides;
  fresh  (20%) a seed with a third of its words replaced by corpus words: new sentences with
               the newsroom's vocabulary.
Deterministic for a given --seed. Writes to the paths given (use /tmp: never commit the output).

  corpora/generate_tm.py --units 1000000 --out /tmp/tm.tmx --queries /tmp/queries.txt

The pivot benchmark (issue 21) adds the NTREX sentences with their Arabic, among the 1M units:
with --ntrex, each NTREX line with en, ru and ar is stored once, alternately as one en+ru+ar unit
(even lines) or as an en-ru and an en-ar unit of the same document and position (odd lines: a
ru->ar lookup must go "via en"); the generated units fill the rest of --units. --pivot-queries
FILE writes 200 queries "ru TAB ar TAB QUERY TAB GOLD_AR TAB KIND": an NTREX Russian sentence with
one word replaced by a corpus word, its gold Arabic, and whether that line is trilingual or split.
"""
import argparse
import os
import random
import re
import sys
from xml.sax.saxutils import escape

NUMBER = re.compile(r"^\d[\d,.]*$")


def load(shared):
    base = os.path.join(shared, "data", "alignment", "ntrex")
    with open(os.path.join(base, "newstest2019-src.eng.txt"), encoding="utf-8") as f:
        en = [l.strip() for l in f]
    with open(os.path.join(base, "newstest2019-ref.rus.txt"), encoding="utf-8") as f:
        ru = [l.strip() for l in f]
    return [(e.split(), r.split()) for e, r in zip(en, ru) if e and r]


class Vocabulary:
    """Words drawn by corpus frequency, so replacements keep Zipf's law."""

    def __init__(self, sentences, rng):
        self.words = [w for s in sentences for w in s if not NUMBER.match(w)]
        self.rng = rng

    def draw(self):
        return self.rng.choice(self.words)


def change_numbers(en, ru, rng):
    """Changes one number that appears on both sides to the same new value."""
    shared = [w for w in en if NUMBER.match(w) and w in ru]
    if not shared:
        return False
    old = rng.choice(shared)
    new = str(rng.randint(2, 9999))
    en[:] = [new if w == old else w for w in en]
    ru[:] = [new if w == old else w for w in ru]
    return True


def near(pair, ven, vru, rng):
    en, ru = list(pair[0]), list(pair[1])
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        if roll < 0.35 and change_numbers(en, ru, rng):
            continue
        if roll < 0.8 and len(en) > 2:
            en[rng.randrange(len(en))] = ven.draw()
            ru[rng.randrange(len(ru))] = vru.draw()
        elif len(en) > 3:
            del en[rng.randrange(len(en))]
            del ru[rng.randrange(len(ru))]
    return en, ru


def splice(a, b, rng):
    ca = rng.uniform(0.3, 0.7)
    cb = rng.uniform(0.3, 0.7)
    en = a[0][: max(1, int(len(a[0]) * ca))] + b[0][int(len(b[0]) * cb):]
    ru = a[1][: max(1, int(len(a[1]) * ca))] + b[1][int(len(b[1]) * cb):]
    return en, ru


def fresh(pair, ven, vru, rng):
    en = [ven.draw() if rng.random() < 0.33 else w for w in pair[0]]
    ru = [vru.draw() if rng.random() < 0.33 else w for w in pair[1]]
    return en, ru


def load_triples(shared):
    base = os.path.join(shared, "data", "alignment", "ntrex")
    sides = []
    for name in ("newstest2019-src.eng.txt", "newstest2019-ref.rus.txt", "newstest2019-ref.arb.txt"):
        with open(os.path.join(base, name), encoding="utf-8") as f:
            sides.append([l.strip() for l in f])
    return [(i, e, r, a) for i, (e, r, a) in enumerate(zip(*sides)) if e and r and a]


def ntrex_units(triples):
    """(document, position, [(lang, text)...]) per unit: even lines trilingual, odd lines as two pairs."""
    for i, e, r, a in triples:
        doc = f"ntrex-{i // 20}"
        if i % 2 == 0:
            yield doc, i, [("en", e), ("ru", r), ("ar", a)]
        else:
            yield doc, i, [("en", e), ("ru", r)]
            yield doc, i, [("en", e), ("ar", a)]


def one_word_changed(sentence, vocabulary, rng):
    words = sentence.split()
    choices = [k for k, w in enumerate(words) if not NUMBER.match(w)]
    k = rng.choice(choices)
    new = words[k]
    while new == words[k]:
        new = vocabulary.draw()
    words[k] = new
    return " ".join(words)


def make(pairs, ven, vru, rng):
    roll = rng.random()
    if roll < 0.4:
        en, ru = near(rng.choice(pairs), ven, vru, rng)
    elif roll < 0.8:
        en, ru = splice(rng.choice(pairs), rng.choice(pairs), rng)
    else:
        en, ru = fresh(rng.choice(pairs), ven, vru, rng)
    return " ".join(en), " ".join(ru)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=1000000)
    ap.add_argument("--out", required=True, help="TMX file to write")
    ap.add_argument("--tsv", help="also write the pairs as TSV (source<TAB>target)")
    ap.add_argument("--queries", help="write query sentences (made like the units, not stored)")
    ap.add_argument("--query-count", type=int, default=2000)
    ap.add_argument("--phrases", help="write concordance phrases (1-3 word n-grams of the corpus)")
    ap.add_argument("--ntrex", action="store_true", help="add the NTREX lines with Arabic (see above)")
    ap.add_argument("--pivot-queries", help="write ru->ar queries with their gold Arabic (see above)")
    ap.add_argument("--seed", type=int, default=20261128)
    ap.add_argument("--shared", default=os.environ.get("TMKIT_SHARED_DIR",
                    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared")))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pairs = load(args.shared)
    ven = Vocabulary([p[0] for p in pairs], rng)
    vru = Vocabulary([p[1] for p in pairs], rng)
    users = ["akarimova", "jsmith", "opetrov", "lhassan", "mchen"]
    tsv = open(args.tsv, "w", encoding="utf-8") if args.tsv else None
    with open(args.out, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                  '  <header creationtool="generate_tm.py" creationtoolversion="1" segtype="sentence" '
                  'o-tmf="none" adminlang="en" srclang="en" datatype="plaintext"/>\n  <body>\n')
        extra = list(ntrex_units(load_triples(args.shared))) if args.ntrex else []
        for n, (doc, pos, variants) in enumerate(extra):
            tuvs = "".join(f'      <tuv xml:lang="{lang}"><seg>{escape(text)}</seg></tuv>\n' for lang, text in variants)
            out.write(f'    <tu tuid="ntrex-{n + 1}">\n'
                      f'      <prop type="x-tmkit-document">{doc}</prop>\n'
                      f'      <prop type="x-tmkit-position">{pos}</prop>\n{tuvs}    </tu>\n')
        for i in range(args.units - len(extra)):
            en, ru = make(pairs, ven, vru, rng)
            day = rng.randint(1, 28)
            month = rng.randint(1, 12)
            year = rng.randint(2019, 2026)
            out.write(f'    <tu tuid="{i + 1}" creationdate="{year}{month:02d}{day:02d}T120000Z" '
                      f'creationid="{rng.choice(users)}">\n'
                      f'      <prop type="x-tmkit-document">wire-{i // 40}</prop>\n'
                      f'      <tuv xml:lang="en"><seg>{escape(en)}</seg></tuv>\n'
                      f'      <tuv xml:lang="ru"><seg>{escape(ru)}</seg></tuv>\n    </tu>\n')
            if tsv:
                tsv.write(f"{en}\t{ru}\n")
        out.write("  </body>\n</tmx>\n")
    if tsv:
        tsv.close()
    if args.queries:
        qrng = random.Random(args.seed + 1)
        qven = Vocabulary([p[0] for p in pairs], qrng)
        qvru = Vocabulary([p[1] for p in pairs], qrng)
        with open(args.queries, "w", encoding="utf-8") as f:
            for _ in range(args.query_count):
                f.write(make(pairs, qven, qvru, qrng)[0] + "\n")
    if args.pivot_queries:
        triples = load_triples(args.shared)
        vrng = random.Random(args.seed + 3)
        vocab = Vocabulary([p[1] for p in pairs], vrng)
        with open(args.pivot_queries, "w", encoding="utf-8") as f:
            for i, e, r, a in vrng.sample(triples, 200):
                kind = "trilingual" if i % 2 == 0 else "split"
                f.write(f"ru\tar\t{one_word_changed(r, vocab, vrng)}\t{a}\t{kind}\n")
    if args.phrases:
        prng = random.Random(args.seed + 2)
        with open(args.phrases, "w", encoding="utf-8") as f:
            for _ in range(500):
                en, ru = prng.choice(pairs)
                side = en if prng.random() < 0.6 else ru
                n = prng.randint(1, 3)
                start = prng.randrange(max(1, len(side) - n))
                words = [w.strip(".,;:!?\"'()«»") for w in side[start:start + n]]
                words = [w for w in words if w]
                if words:
                    f.write(("en" if side is en else "ru") + "\t" + " ".join(words) + "\n")


if __name__ == "__main__":
    sys.exit(main())
