#!/usr/bin/env python3
"""Scores a labelled name-pair set (english, candidate, label: translit_pairs.py / translit_hard.py)
with `tmkit names score` and prints F1/precision/recall at the default threshold (the verdict),
the reliability curve (10 bins) and the expected calibration error.
  scripts/names_eval.py TMKIT ru|ar PAIRS.tsv [--json]"""
import json, subprocess, sys
tmkit, lang, path = sys.argv[1], sys.argv[2], sys.argv[3]
labels = [int(l.rstrip("\n").split("\t")[2]) for l in open(path, encoding="utf-8") if l.strip()]
out = subprocess.run([tmkit, "names", "score", "--tgt-lang", lang, path], check=True,
                     capture_output=True, text=True).stdout.splitlines()
assert len(out) == len(labels), (len(out), len(labels))
scores = [float(l.split("\t")[2]) for l in out]
verdicts = [int(l.split("\t")[3]) for l in out]
tp = sum(1 for v, y in zip(verdicts, labels) if v and y)
fp = sum(1 for v, y in zip(verdicts, labels) if v and not y)
fn = sum(1 for v, y in zip(verdicts, labels) if not v and y)
p = tp / (tp + fp) if tp + fp else 0.0
r = tp / (tp + fn) if tp + fn else 0.0
f1 = 2 * p * r / (p + r) if p + r else 0.0
bins = [[0, 0.0, 0] for _ in range(10)]
for s, y in zip(scores, labels):
    b = bins[min(9, int(s * 10))]
    b[0] += 1; b[1] += s; b[2] += y
ece = sum(abs(b[1] - b[2]) for b in bins) / len(scores)
result = {"pairs": len(labels), "positives": sum(labels), "precision": round(p, 4), "recall": round(r, 4),
          "f1": round(f1, 4), "ece": round(ece, 4),
          "reliability": [{"bin": f"{i/10:.1f}-{(i+1)/10:.1f}", "pairs": b[0],
                           "mean_score": round(b[1] / b[0], 3) if b[0] else None,
                           "share_same": round(b[2] / b[0], 3) if b[0] else None} for i, b in enumerate(bins)]}
if "--json" in sys.argv:
    print(json.dumps(result))
else:
    print(f"{path}: F1 {f1:.4f} P {p:.4f} R {r:.4f} ECE {ece:.4f} ({len(labels)} pairs, {sum(labels)} same)")
    for row in result["reliability"]:
        if row["pairs"]:
            print(f"  {row['bin']}\t{row['pairs']}\t{row['mean_score']}\t{row['share_same']}")
