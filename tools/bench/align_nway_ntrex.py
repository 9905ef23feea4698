#!/usr/bin/env python3
"""N-way alignment on NTREX: how many English sentences with gold 1-1 beads in every language
became one unit holding exactly those sentences, and how many units join sentences that the gold
keeps apart. Usage: align_nway_ntrex.py DERIVED_SPLIT_DIR TM.tmx [LANG...] (default ru ar).
The TMX is `tmkit export` of a TM filled by `tmkit align --tgt-lang ru,ar --batch ... --into`."""
import collections
import re
import sys
import xml.etree.ElementTree as ET

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def read_gold(path):
    beads = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            src, tgt = line.strip().split(":")[:2]
            ids = lambda s: [int(x) for x in re.findall(r"\d+", s)]
            beads.append((ids(src), ids(tgt)))
    return beads


def gold_groups(golds, n_src):
    """The union of the gold beads' source spans (as tmkit joins them): group id per source sentence,
    and per language the target sentences of each group."""
    joined = [False] * (n_src + 1)
    for beads in golds:
        for src, _ in beads:
            for i in src[1:]:
                joined[i] = True
    group = []
    for i in range(n_src):
        group.append(group[-1] + (0 if joined[i] else 1) if i else 0)
    targets = []
    for beads in golds:
        t = collections.defaultdict(set)
        for src, tgt in beads:
            if src:
                t[group[src[0]]].update(tgt)
        targets.append(t)
    return group, targets


def main():
    root_dir, tmx = sys.argv[1], sys.argv[2]
    langs = sys.argv[3:] or ["ru", "ar"]
    units = collections.defaultdict(list)  # document -> [(position, {lang: text})]
    for tu in ET.parse(tmx).getroot().iter("tu"):
        props = {p.get("type"): p.text for p in tu.findall("prop") if p.get(XML_LANG) is None}
        texts = {tuv.get(XML_LANG).split("-")[0]: "".join(tuv.find("seg").itertext()) for tu_ in [tu] for tuv in tu_.findall("tuv")}
        units[props.get("x-tmkit-document")].append((int(props.get("x-tmkit-position", -1)), texts))
    wanted = found = bad_units = total_units = 0
    for doc in sorted(units):
        src = read_lines(f"{root_dir}/{doc}.en")
        tgts = [read_lines(f"{root_dir}/{doc}.{l}") for l in langs]
        golds = [read_gold(f"{root_dir}/{doc}.en-{l}.gold") for l in langs]
        group, targets = gold_groups(golds, len(src))
        one_to_one = [dict() for _ in langs]
        for k, beads in enumerate(golds):
            for s, t in beads:
                if len(s) == 1 and len(t) == 1:
                    one_to_one[k][s[0]] = t[0]
        expected = {}
        for i in range(len(src)):
            if all(i in m for m in one_to_one):
                expected[i] = tuple([src[i]] + [tgts[k][one_to_one[k][i]] for k in range(len(langs))])
        wanted += len(expected)
        have = set()
        for pos, texts in units[doc]:
            total_units += 1
            key = tuple([texts.get("en")] + [texts.get(l) for l in langs])
            if pos in expected and expected[pos] == key:
                have.add(pos)
            # The unit's English span, then each language's text must be sentences of the same gold group.
            n = next((n for n in range(1, 6) if " ".join(src[pos:pos + n]) == texts.get("en")), None)
            ok = n is not None and len({group[i] for i in range(pos, pos + n)}) == 1
            if ok:
                g = group[pos]
                for k, l in enumerate(langs):
                    if l not in texts:
                        continue
                    allowed = sorted(targets[k][g])
                    spans = [" ".join(tgts[k][a:b + 1]) for a in allowed for b in allowed if b >= a]
                    ok = ok and texts[l] in spans
            bad_units += not ok
        found += len(have)
    print(f"one {'+'.join(['en'] + langs)} unit for {found} of {wanted} English sentences with gold 1-1 beads in every language "
          f"({100.0 * found / max(wanted, 1):.2f}%); units joining sentences the gold keeps apart: {bad_units} of {total_units}")


if __name__ == "__main__":
    main()
