#!/usr/bin/env python3
"""XLIFF jobs made from NTREX (data/alignment/ntrex/derived_split, CC BY-SA 4.0) for the XLIFF
benchmarks of docs/benchmarks.md ("XLIFF").

  xliff_ntrex.py --shared ../shared --out-dir /tmp/x [--segments 2000] [--job-docs 60]

Writes (never into the repository):
  job2000.xlf   XLIFF 1.2, the first --segments English sentences of the documents in file order,
                one <file original="DOC"> per document: the 2,000-segment job.
  job.xlf       XLIFF 1.2 of the first --job-docs documents (English only).
  job.txt       the same sentences, one per paragraph, for OmegaT's source/ folder.
  other.tmx     TMX 1.4 en-ru of the remaining documents (their gold sentence pairs): "a TM of
                the other NTREX documents".
  other.tsv     the same pairs as TSV for tmkit import.
  overlap.tmx   other.tmx plus the job's own pairs, edited so that every band gets segments: of
                each four job sentences one is stored as it is, one without its third word, one
                with its last word replaced, one not at all (a TM that covers part of the job, as
                the next story of a developing news event meets).
"""
import argparse
import glob
import os
from xml.sax.saxutils import escape, quoteattr


def docs(shared):
    base = os.path.join(shared, "data", "alignment", "ntrex", "derived_split")
    out = []
    for en_path in sorted(glob.glob(os.path.join(base, "*.en"))):
        doc = os.path.basename(en_path)[:-3]
        ru_path = os.path.join(base, doc + ".ru")
        with open(en_path, encoding="utf-8") as f:
            en = [l.rstrip("\n") for l in f]
        ru = []
        if os.path.exists(ru_path):
            with open(ru_path, encoding="utf-8") as f:
                ru = [l.rstrip("\n") for l in f]
        out.append((doc, en, ru))
    return out


def xliff(files, path):
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n')
        for doc, sentences in files:
            f.write(' <file original=%s source-language="en" target-language="ru" datatype="plaintext">\n  <body>\n'
                    % quoteattr(doc))
            for i, s in enumerate(sentences, 1):
                f.write('   <trans-unit id="%d"><source>%s</source></trans-unit>\n' % (i, escape(s)))
            f.write('  </body>\n </file>\n')
        f.write('</xliff>\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", required=True)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--segments", type=int, default=2000)
    ap.add_argument("--job-docs", type=int, default=60)
    a = ap.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    all_docs = docs(a.shared)
    files, left = [], a.segments
    for doc, en, _ in all_docs:
        if left <= 0:
            break
        take = [s for s in en if s.strip()][:left]
        files.append((doc, take))
        left -= len(take)
    xliff(files, os.path.join(a.out_dir, "job%d.xlf" % a.segments))
    job = [(doc, [s for s in en if s.strip()]) for doc, en, _ in all_docs[:a.job_docs]]
    xliff(job, os.path.join(a.out_dir, "job.xlf"))
    with open(os.path.join(a.out_dir, "job.txt"), "w", encoding="utf-8") as f:
        for _, sentences in job:
            for s in sentences:
                f.write(s + "\n\n")
    pairs = []
    for doc, en, ru in all_docs[a.job_docs:]:
        for e, r in zip(en, ru):
            if e.strip() and r.strip():
                pairs.append((doc, e, r))
    with open(os.path.join(a.out_dir, "other.tsv"), "w", encoding="utf-8") as f:
        for _, e, r in pairs:
            f.write("%s\t%s\n" % (e.replace("\t", " "), r.replace("\t", " ")))
    def tmx(path, tm_pairs):
        with open(path, "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
                    '<header creationtool="xliff_ntrex" creationtoolversion="1" segtype="sentence" o-tmf="none" '
                    'adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n')
            for _, e, r in tm_pairs:
                f.write('<tu><tuv xml:lang="en"><seg>%s</seg></tuv><tuv xml:lang="ru"><seg>%s</seg></tuv></tu>\n'
                        % (escape(e), escape(r)))
            f.write('</body>\n</tmx>\n')
    tmx(os.path.join(a.out_dir, "other.tmx"), pairs)
    edited, k = [], 0
    for doc, en, ru in all_docs[:a.job_docs]:
        for e, r in zip(en, ru):
            if not e.strip() or not r.strip():
                continue
            words = e.split()
            if k % 4 == 0:
                edited.append((doc, e, r))
            elif k % 4 == 1 and len(words) > 3:
                edited.append((doc, " ".join(words[:2] + words[3:]), r))
            elif k % 4 == 2 and len(words) > 1:
                edited.append((doc, " ".join(words[:-1] + ["yesterday."]), r))
            k += 1
    tmx(os.path.join(a.out_dir, "overlap.tmx"), pairs + edited)
    print("job%d.xlf: %d segments in %d files; job.xlf: %d documents; other.tmx: %d pairs"
          % (a.segments, a.segments - left, len(files), len(job), len(pairs)))


if __name__ == "__main__":
    main()
