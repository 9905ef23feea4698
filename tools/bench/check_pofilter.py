#!/usr/bin/env python3
"""Translate Toolkit's pofilter on the same files as tools/bench/check_ntrex.py and check_plant.py,
for the side-by-side figures of docs/benchmarks.md.

check_pofilter.py TSV LANG [EXPECTED.tsv]
  Writes TSV (source<TAB>target) as a PO file (one unit per line, msgctxt = the 0-based segment),
  runs `pofilter --language LANG` over it (its default checks), prints findings per 100 segments by
  test, segments flagged, wall time; with EXPECTED.tsv (check_plant.py) also the planted errors
  whose segment pofilter flagged at all (any test: pofilter's tests do not map one to one).
"""
import collections, os, re, subprocess, sys, tempfile, time

tsv, lang = sys.argv[1], sys.argv[2]
rows = [l.rstrip("\n").split("\t") for l in open(tsv, encoding="utf-8") if l.strip()]


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


w = tempfile.mkdtemp(prefix="pofilter.")
po = os.path.join(w, "in.po")
with open(po, "w", encoding="utf-8") as f:
    f.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: %s\\n"\n\n' % lang)
    for i, (s, t) in enumerate(rows):
        f.write("msgctxt %s\nmsgid %s\nmsgstr %s\n\n" % (q(str(i)), q(s), q(t)))
out = os.path.join(w, "out.po")
t0 = time.time()
subprocess.run(["pofilter", "--progress=none", "--language", lang, po, out], check=False, stderr=subprocess.DEVNULL)
wall = time.time() - t0
tests, flagged = collections.Counter(), collections.defaultdict(set)
ctx = None
for line in open(out, encoding="utf-8"):
    m = re.match(r'# \(pofilter\) ([\w-]+):', line)
    if m:
        pending = pending + [m.group(1)] if "pending" in dir() else [m.group(1)]
    m = re.match(r'msgctxt "(\d+)"', line)
    if m:
        seg = int(m.group(1))
        for t in (pending if "pending" in dir() else []):
            tests[t] += 1
            flagged[seg].add(t)
        pending = []
n = len(rows)
total = sum(tests.values())
print("pofilter %s: %d findings, %.1f /100 seg; %d segments flagged (%.1f%%); %.2f s wall" % (
    tsv, total, 100.0 * total / n, len(flagged), 100.0 * len(flagged) / n, wall))
for t, c in tests.most_common():
    print("  %-20s %5d  %6.2f /100" % (t, c, 100.0 * c / n))
# The same file is NTREX in order (check_ntrex.py): counted as tmkit counts (docs/checks.md,
# "Counting"), one finding per test per document, which flatters pofilter (tmkit keys most checks
# finer: by word, number, name).
ids = os.path.join(os.environ.get("TMKIT_SHARED_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared")),
                   "data", "alignment", "ntrex", "DOCUMENT_IDS.tsv")
if n == 1997 and os.path.exists(ids):
    doc = [l.strip() for l in open(ids, encoding="utf-8")]
    grouped = {(doc[seg], t) for seg, ts in flagged.items() for t in ts}
    print("  grouped as tmkit counts (one per test per document): %d, %.1f /100 seg" % (len(grouped), 100.0 * len(grouped) / n))
if len(sys.argv) > 3:
    hit, all_ = collections.Counter(), collections.Counter()
    for line in open(sys.argv[3], encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        seg, check = line.split("\t")[:2]
        all_[check] += 1
        hit[check] += int(seg) in flagged
    print("  planted errors on a flagged segment: %d of %d" % (sum(hit.values()), sum(all_.values())))
    for c in sorted(all_):
        print("    %-22s %4d of %4d" % (c, hit[c], all_[c]))
