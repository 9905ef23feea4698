#!/usr/bin/env python3
"""Precision and recall of `tmkit names mine` TSV output against tools/bench/names_mine_gold.tsv.

    names_mine_eval.py GOLD MINED.tsv ru|ar [--original]

--original scores the first two rounds of the gold only (the 44 names before the third round).
A gold name counts as found when an entry has its English; it is right when the entry's target
(the preferred rendering) is one of the gold forms. Recall = right / gold names; precision =
right / found. Reported for transliterated and translated names separately.
"""
import sys

gold_path, mined_path, lang = sys.argv[1], sys.argv[2], sys.argv[3]
original_only = "--original" in sys.argv[4:]
column = {"ru": 3, "ar": 4}[lang]
mined = {}
for line in open(mined_path, encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    if len(f) >= 2:
        mined[f[0]] = f[1]
stats = {}
for line in open(gold_path, encoding="utf-8"):
    if original_only and line.startswith("# Third round"):
        break
    if line.startswith("#") or not line.strip():
        continue
    f = line.rstrip("\n").split("\t")
    english, kind, forms = f[0], f[1], f[column].split("|")
    s = stats.setdefault(kind, {"gold": 0, "found": 0, "right": 0, "wrong": []})
    s["gold"] += 1
    if english in mined:
        s["found"] += 1
        if mined[english] in forms:
            s["right"] += 1
        else:
            s["wrong"].append(f"{english} -> {mined[english]} (gold {'|'.join(forms)})")
    else:
        s["wrong"].append(f"{english}: not mined")
for kind, s in sorted(stats.items()):
    p = s["right"] / s["found"] if s["found"] else 0
    r = s["right"] / s["gold"]
    print(f"en-{lang} {kind:15} gold {s['gold']:2} found {s['found']:2} right {s['right']:2}  precision {p:.2f}  recall {r:.2f}")
    for w in s["wrong"]:
        print("   ", w)
