#!/usr/bin/env python3
"""Random search of tmkit align's --param values on the development split only
(tools/bench/align_dev.sh: NTREX hard dev halves + Text+Berg dev). The objective is the mean strict
F1 of the three sets. Usage: tools/bench/align_tune.py [BUILD_DIR] [TRIALS] [SEED]"""
import random, re, subprocess, sys

build = sys.argv[1] if len(sys.argv) > 1 else 'build'
trials = int(sys.argv[2]) if len(sys.argv) > 2 else 40
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
# Ranges around the current defaults (engine/include/tmkit/aligner.h).
space = {'lexical_weight': (5.0, 8.0), 'deletion_cost': (5.5, 7.5), 'length_weight': (0.45, 0.85),
         'prior_1_2': (2.5, 4.0), 'prior_2_2': (4.5, 6.5), 'prior_1_3': (4.5, 6.5)}

def evaluate(params):
    args = [a for k, v in params.items() for a in ('--param', f'{k}={v:.3g}')]
    out = subprocess.run(['tools/bench/align_dev.sh', build, '--'] + args, capture_output=True, text=True,
                         check=True).stdout
    f1 = [float(x) for x in re.findall(r'F1_strict=([0-9.]+)', out)]
    return sum(f1) / len(f1), f1

best = None
for t in range(trials):
    params = {} if t == 0 else {k: rng.uniform(*r) for k, r in space.items()}
    score, f1 = evaluate(params)
    if best is None or score > best[0]:
        best = (score, params)
    print(f'{score:.4f} {f1} {" ".join(f"{k}={v:.3g}" for k, v in params.items()) or "(defaults)"}', flush=True)
print('best', best)
