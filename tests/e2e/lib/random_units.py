#!/usr/bin/env python3
"""Writes COUNT en<TAB>ru lines of 12 random news words each (the Russian side is the English
reversed): a TSV for `tmkit import` big enough to fill pages, the same for a given SEED.
Usage: random_units.py OUT COUNT SEED"""
import random
import sys

out, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(seed)
words = "talks geneva envoy annan syria crisis plan peace council russia china meeting".split()
with open(out, "w") as f:
    for i in range(count):
        s = " ".join(random.choice(words) for _ in range(12))
        f.write(f"{s} {i}.\t{s[::-1]} {i}.\n")
