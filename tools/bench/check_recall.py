#!/usr/bin/env python3
"""Recall of `tmkit check` on planted errors: check_recall.py DIR PREFIX [MIN_ALL MIN_KIND].
DIR holds ru.json and ar.json (check --format json reports); PREFIX_{ru,ar}.expected.tsv the
planted errors (check_plant.py). Prints recall per kind; exit 1 below the minimums."""
import collections, json, sys

d, prefix = sys.argv[1], sys.argv[2]
min_all = float(sys.argv[3]) if len(sys.argv) > 3 else 0
min_kind = float(sys.argv[4]) if len(sys.argv) > 4 else 0
found, total = collections.Counter(), collections.Counter()
for lang in ("ru", "ar"):
    # The report numbers segments from 1, check_plant.py's expectations from 0.
    got = {(f["segment"] - 1, f["check"]) for f in json.load(open("%s/%s.json" % (d, lang)))}
    for line in open("%s_%s.expected.tsv" % (prefix, lang), encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        seg, check, what = line.rstrip("\n").split("\t")[:3]
        total[check] += 1
        if (int(seg), check) in got:
            found[check] += 1
        else:
            print("  missed (%s): segment %s %s: %s" % (lang, seg, check, what))
bad = []
for c in sorted(total):
    r = found[c] / total[c]
    print("%-22s %4d of %4d  recall %.2f" % (c, found[c], total[c], r))
    if r < min_kind:
        bad.append(c)
r = sum(found.values()) / max(1, sum(total.values()))
print("%-22s %4d of %4d  recall %.3f" % ("all", sum(found.values()), sum(total.values()), r))
if r < min_all or bad:
    print("FAIL: recall below %.2f overall or %.2f for %s" % (min_all, min_kind, bad))
    sys.exit(1)
