#!/usr/bin/env python3
"""A heavily merged test set from NTREX (derived_split): in each document, runs of 2-6 consecutive
gold beads have their target sentences merged into one sentence, as a desk that joins sentences
would (../shared's derived_synthetic_hard does this with pairs, p=0.12). The gold beads follow:
a run of beads becomes one bead, its source sentences against the one merged target sentence.
A run starts at a bead with probability P_MERGE (default 0.5); its length is uniform in 2..6,
capped so that no bead holds more than 6 source sentences. Seeded per document: reproducible.
Usage: align_merged.py OUT_DIR [P_MERGE]   -> OUT_DIR/DOC.en-{ru,ar}.{en,ru|ar,gold}"""
import ast, hashlib, os, random, sys

shared = os.environ.get('TMKIT_SHARED_DIR') or os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                             '../../../shared')
split = os.path.join(shared, 'data/alignment/ntrex/derived_split')
out = sys.argv[1]
p_merge = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5
os.makedirs(out, exist_ok=True)
docs = sorted(f[:-len('.en-ru.gold')] for f in os.listdir(split) if f.endswith('.en-ru.gold'))
stats = {}
for tl in ('ru', 'ar'):
    n_src = n_tgt = n_out = 0
    for doc in docs:
        en = open(f'{split}/{doc}.en', encoding='utf-8').read().splitlines()
        tg = open(f'{split}/{doc}.{tl}', encoding='utf-8').read().splitlines()
        gold = []
        for line in open(f'{split}/{doc}.en-{tl}.gold'):
            if line.strip():
                a, b = line.split(':')[:2]
                gold.append((ast.literal_eval(a), ast.literal_eval(b)))
        rng = random.Random(int(hashlib.sha1(f'{doc}.{tl}'.encode()).hexdigest()[:8], 16))
        new_tgt, new_gold = [], []
        k = 0
        while k < len(gold):
            run = 1
            if rng.random() < p_merge:
                run = rng.randint(2, 6)
            # no bead above 6 source sentences, and never past the document's end
            while run > 1 and (k + run > len(gold) or sum(len(gold[x][0]) for x in range(k, k + run)) > 6):
                run -= 1
            beads = gold[k:k + run]
            src = [i for b in beads for i in b[0]]
            tgt_text = [tg[j] for b in beads for j in b[1]]
            if run == 1:  # unchanged bead: its own target sentences
                ids = list(range(len(new_tgt), len(new_tgt) + len(tgt_text)))
                new_tgt += tgt_text
            else:
                ids = [len(new_tgt)]
                new_tgt.append(' '.join(tgt_text))
            new_gold.append((src, ids))
            k += run
        stem = f'{out}/{doc}.en-{tl}'
        open(f'{stem}.en', 'w', encoding='utf-8').write('\n'.join(en) + '\n')
        open(f'{stem}.{tl}', 'w', encoding='utf-8').write('\n'.join(new_tgt) + '\n')
        open(f'{stem}.gold', 'w').write(''.join(f'{a}:{b}\n' for a, b in new_gold))
        n_src += len(en); n_tgt += len(new_tgt); n_out += len(new_gold)
    stats[tl] = (n_src, n_tgt, n_out)
for tl, (a, b, c) in stats.items():
    print(f'en-{tl}: {len(docs)} documents, {a} en sentences, {b} {tl} sentences, {c} gold beads', file=sys.stderr)
