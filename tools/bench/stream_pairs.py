#!/usr/bin/env python3
"""Writes a manifest of N NTREX-style document pairs for `align --stream` and the workflow:
the NTREX documents of ../shared (derived_split) replicated and perturbed, so that no two lines
are the same pair. Each replica changes its numbers on both sides alike, and some merge two
adjacent target sentences or drop one (as desks do). Deterministic for a seed.

    stream_pairs.py N OUT.jsonl [--tgt ru|ar] [--shared DIR] [--seed S] [--batch-dir DIR]

With --batch-dir it also writes each pair as NAME.en / NAME.<tgt> files and DIR/batch.lst, the
same pairs for `align --batch`, so the two can be compared on identical input."""
import argparse
import glob
import json
import os
import random
import re

ap = argparse.ArgumentParser()
ap.add_argument("n", type=int)
ap.add_argument("out")
ap.add_argument("--tgt", default="ru")
ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "../../../shared"))
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--batch-dir")
args = ap.parse_args()

d = os.path.join(args.shared, "data/alignment/ntrex/derived_split")
docs = []
for src in sorted(glob.glob(d + "/*.en")):
    stem = src[:-3]
    docs.append((os.path.basename(stem), open(src).read().splitlines(), open(stem + "." + args.tgt).read().splitlines()))
rng = random.Random(args.seed)
if args.batch_dir:
    os.makedirs(args.batch_dir, exist_ok=True)
    batch = open(os.path.join(args.batch_dir, "batch.lst"), "w")
with open(args.out, "w") as out:
    for k in range(args.n):
        name, src, tgt = docs[k % len(docs)]
        shift = k // len(docs)
        renumber = lambda s: re.sub(r"\d+", lambda m: str(int(m.group()) + shift), s)
        src = [renumber(s) for s in src]
        tgt = [renumber(s) for s in tgt]
        if shift and len(tgt) > 2 and rng.random() < 0.3:
            i = rng.randrange(len(tgt) - 1)
            tgt[i:i + 2] = [tgt[i] + " " + tgt[i + 1]]
        elif shift and len(tgt) > 2 and rng.random() < 0.2:
            del tgt[rng.randrange(len(tgt))]
        pair_id = "%s.%d" % (name, shift)
        out.write(json.dumps({"id": pair_id, "src": "\n".join(src), "tgt": "\n".join(tgt)}, ensure_ascii=False) + "\n")
        if args.batch_dir:
            base = os.path.join(args.batch_dir, pair_id)
            open(base + ".en", "w").write("\n".join(src) + "\n")
            open(base + "." + args.tgt, "w").write("\n".join(tgt) + "\n")
            batch.write("%s.en %s.%s\n" % (base, base, args.tgt))
