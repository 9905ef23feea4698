#!/usr/bin/env python3
"""Generates the inputs of tools/bench/check_speed.sh (deterministic, seed 1).

check_gen.py glossary N OUT.tbx    N synthetic person concepts (en preferred; ru preferred + a
                                    deprecated double-consonant variant; ar preferred), TBX-Basic v3
check_gen.py draft N GLOSSARY.tbx DRAFT.tsv OUT.tsv
                                    N segments: the seed draft's pairs in turn, each followed by a
                                    sentence naming one generated person (every 10th deprecated)
check_gen.py tm N OUT.tsv          N bilingual units over a vocabulary of repeated sentences, about 1%
                                    with a second translation of the same source
"""
import random, sys
from xml.sax.saxutils import escape

R = random.Random(1)
EN = ["ka", "ro", "mi", "tan", "sel", "vor", "da", "li", "ben", "ash", "or", "nel", "ti", "gar", "us"]
RU = {"ka": "ка", "ro": "ро", "mi": "ми", "tan": "тан", "sel": "сел", "vor": "вор", "da": "да", "li": "ли",
      "ben": "бен", "ash": "аш", "or": "ор", "nel": "нел", "ti": "ти", "gar": "гар", "us": "ус"}
AR = {"ka": "كا", "ro": "رو", "mi": "مي", "tan": "تان", "sel": "سل", "vor": "فور", "da": "دا", "li": "لي",
      "ben": "بن", "ash": "اش", "or": "ور", "nel": "نل", "ti": "تي", "gar": "غار", "us": "وس"}


def name(seen):
    while True:
        parts = [[R.choice(EN) for _ in range(R.randint(2, 3))] for _ in range(2)]
        en = " ".join("".join(p).capitalize() for p in parts)
        if en not in seen:
            seen.add(en)
            ru = " ".join("".join(RU[s] for s in p).capitalize() for p in parts)
            ar = " ".join("".join(AR[s] for s in p) for p in parts)
            return en, ru, ar


def glossary(n, out):
    seen = set()
    with open(out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="en" '
                'xmlns="urn:iso:std:iso:30042:ed-2">\n<tbxHeader><fileDesc><sourceDesc><p>generated</p>'
                '</sourceDesc></fileDesc></tbxHeader>\n<text><body>\n')
        for i in range(n):
            en, ru, ar = name(seen)
            last = ru.split()[-1]
            dep = ru[: -len(last)] + last[0] + last[1] + last[1:]  # doubled consonant: the Ассад mistake
            f.write(f'<conceptEntry id="g{i}"><langSec xml:lang="en"><termSec><term>{escape(en)}</term>'
                    '<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec>'
                    f'<langSec xml:lang="ru"><termSec><term>{escape(ru)}</term><termNote type="administrativeStatus">'
                    f'preferredTerm-admn-sts</termNote></termSec><termSec><term>{escape(dep)}</term>'
                    '<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec></langSec>'
                    f'<langSec xml:lang="ar"><termSec><term>{escape(ar)}</term></termSec></langSec></conceptEntry>\n')
        f.write("</body></text>\n</tbx>\n")


def read_terms(path):
    import re
    text = open(path, encoding="utf-8").read()
    en = re.findall(r'xml:lang="en"><termSec><term>([^<]*)', text)
    ru = re.findall(r'xml:lang="ru"><termSec><term>([^<]*)</term>.*?<term>([^<]*)', text)
    return list(zip(en, ru))


def draft(n, gloss, seed, out):
    pairs = [l.rstrip("\n").split("\t") for l in open(seed, encoding="utf-8") if l.strip()]
    pairs = [p for p in pairs if len(p) == 2 and p[0] and p[1]]
    terms = read_terms(gloss)
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            s, t = pairs[i % len(pairs)]
            en, (ru, dep) = terms[R.randrange(len(terms))]
            f.write(f"{s} {en} agreed.\t{t} {dep if i % 10 == 0 else ru} согласился.\n")


def tm(n, out):
    with open(out, "w", encoding="utf-8") as f:
        for i in range(n):
            k = R.randrange(n // 3)
            src = f"The committee met {k} times in session {k % 97} and agreed on item {k * 7 % 1000}."
            tgt = f"Комитет собирался {k} раз на сессии {k % 97} и согласовал пункт {k * 7 % 1000}."
            if R.random() < 0.01:
                tgt = tgt.replace("согласовал", "одобрил")
            f.write(f"{src}\t{tgt}\n")


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "glossary":
        glossary(int(sys.argv[2]), sys.argv[3])
    elif kind == "draft":
        draft(int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5])
    elif kind == "tm":
        tm(int(sys.argv[2]), sys.argv[3])
    else:
        sys.exit(__doc__)
