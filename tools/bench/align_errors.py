#!/usr/bin/env python3
"""Where an alignment differs from the gold, region by region, with the texts: for reading the
errors of tmkit align (or of any aligner writing beads) on a document.
A region is the smallest run of gold and test beads that covers the same sentences on both sides;
each wrong test bead is marked with its confidence, `!!` when it is at or above MIN (the --into
threshold), i.e. a bead that would have been stored although wrong.
Usage: align_errors.py SRC TGT GOLD TEST [MIN]   (one sentence per line; beads as vecalign writes them)
Prints the regions, then a summary by kind (gold shape -> test shapes)."""
import ast, collections, sys


def read(path):
    out = []
    for line in open(path, encoding='utf-8'):
        if not line.strip():
            continue
        p = line.strip().split(':')
        conf = float(p[2]) if len(p) > 2 else None
        out.append((tuple(ast.literal_eval(p[0])), tuple(ast.literal_eval(p[1])), conf))
    return out


def main():
    src = open(sys.argv[1], encoding='utf-8').read().splitlines()
    tgt = open(sys.argv[2], encoding='utf-8').read().splitlines()
    gold, test = read(sys.argv[3]), read(sys.argv[4])
    threshold = float(sys.argv[5]) if len(sys.argv) > 5 else 0.8
    gold_set = set((a, b) for a, b, _ in gold)
    # Union-find over sentences: a bead joins its sentences; gold and test beads both join.
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(bead):
        nodes = [('s', i) for i in bead[0]] + [('t', j) for j in bead[1]]
        for x in nodes[1:]:
            parent[find(x)] = find(nodes[0])

    for a, b, _ in gold + test:
        join((a, b))
    regions = collections.OrderedDict()
    for a, b, c in test:
        if not a and not b:
            continue
        root = find(('s', a[0]) if a else ('t', b[0]))
        regions.setdefault(root, ([], []))[1].append((a, b, c))
    for a, b, _ in gold:
        if not a and not b:
            continue
        root = find(('s', a[0]) if a else ('t', b[0]))
        regions.setdefault(root, ([], []))[0].append((a, b))
    kinds = collections.Counter()
    confident_wrong = 0
    shape = lambda a, b: f'{len(a)}-{len(b)}'
    for gb, tb in regions.values():
        if all((a, b) in gold_set for a, b, _ in tb) and len(gb) == len(tb):
            continue
        g = ' '.join(shape(a, b) for a, b in gb) or '(not in gold)'
        t = ' '.join(shape(a, b) for a, b, _ in tb)
        kinds[f'{g} -> {t}'] += 1
        print('=' * 100)
        for a, b in gb:
            print(f'  gold {list(a)}:{list(b)}')
        for a, b, c in tb:
            ok = (a, b) in gold_set
            mark = 'ok' if ok else ('!!' if c is not None and c >= threshold else '--')
            confident_wrong += (not ok) and c is not None and c >= threshold
            print(f'  {mark} test {list(a)}:{list(b)} {c if c is not None else ""}')
        seen_s = sorted(set(i for a, b, _ in tb for i in a) | set(i for a, b in gb for i in a))
        seen_t = sorted(set(j for a, b, _ in tb for j in b) | set(j for a, b in gb for j in b))
        for i in seen_s:
            print(f'    S{i}: {src[i][:160]}')
        for j in seen_t:
            print(f'    T{j}: {tgt[j][:160]}')
    print('=' * 100)
    print(f'{sum(kinds.values())} regions differ; {confident_wrong} wrong test beads at >= {threshold}')
    for k, v in kinds.most_common():
        print(f'{v:4d}  {k}')


if __name__ == '__main__':
    main()
