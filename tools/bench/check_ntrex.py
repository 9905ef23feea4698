#!/usr/bin/env python3
"""Precision-side measurement of `tmkit check` on professional translations (docs/benchmarks.md).

check_ntrex.py [--tmkit build-rel/bin/tmkit] [--langs ru,ar] [--glossary glossaries/names.tbx]
               [--sample 100] [--seed 26] [--out DIR]

For each target language: NTREX-128 (../shared/data/alignment/ntrex, 1,997 line-aligned segments,
123 documents) as one bilingual TSV, checked once (findings per 100 segments by check and severity,
segments flagged, whole-process time); then each document alone with the default --fail-on error
(documents passing); then the bundled article (corpora/syria-geneva-talks, aligned by tmkit).
With --sample N, N findings per language drawn with the seed are written to OUT/sample.LANG.tsv
for judging by hand (docs/checks.md lists the judged sample).

Counting (docs/checks.md, "Counting"): a finding is one problem for an editor, its repeats in one
document its occurrences (the report's "finding" number). The headline is findings summed over
the documents checked one at a time; occurrences (report objects) are given beside it, and the
whole-file run's figures too. With --sample, the findings sampled are those of the per-document
runs (each with its occurrences).
"""
import argparse, collections, json, os, random, subprocess, sys, tempfile, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = os.environ.get("TMKIT_SHARED_DIR", os.path.join(ROOT, "..", "shared"))
NTREX = os.path.join(SHARED, "data", "alignment", "ntrex")
REF = {"ru": "newstest2019-ref.rus.txt", "ar": "newstest2019-ref.arb.txt"}


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n").replace("\t", " ") for l in f]


def run(cmd):
    t0 = time.time()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.time() - t0
    if r.returncode not in (0, 1):
        sys.exit("check_ntrex: %s failed (%d): %s" % (" ".join(cmd), r.returncode, r.stderr.decode()[:500]))
    return r, wall


RANK = {"note": 0, "warning": 1, "error": 2}


def groups(findings):
    """The findings (report's "finding" numbers) with their occurrences, in order."""
    g = collections.OrderedDict()
    for f in findings:
        g.setdefault(f.get("finding", len(g) + 1), []).append(f)
    return list(g.values())


def severity(occurrences):
    return max((o["severity"] for o in occurrences), key=lambda s: RANK[s])


def summarize(findings, segments):
    gs = groups(findings)
    by = collections.Counter((g[0]["check"], severity(g)) for g in gs)
    sev = collections.Counter(severity(g) for g in gs)
    flagged = len({f["segment"] for f in findings})
    return by, sev, flagged


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tmkit", default=os.path.join(ROOT, "build-rel", "bin", "tmkit"))
    ap.add_argument("--langs", default="ru,ar")
    ap.add_argument("--glossary", default=os.path.join(ROOT, "glossaries", "names.tbx"))
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=26)
    ap.add_argument("--out", default=None)
    ap.add_argument("--no-docs", action="store_true", help="skip the per-document --fail-on runs")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="check_ntrex.")
    out = a.out or work
    os.makedirs(out, exist_ok=True)
    en = read_lines(os.path.join(NTREX, "newstest2019-src.eng.txt"))
    docs = read_lines(os.path.join(NTREX, "DOCUMENT_IDS.tsv"))
    env_note = "load %s" % open("/proc/loadavg").read().split()[:3]
    print("# tmkit check on NTREX-128 (%d segments, %d documents); %s" % (len(en), len(set(docs)), env_note))
    for lang in a.langs.split(","):
        tgt = read_lines(os.path.join(NTREX, REF[lang]))
        assert len(tgt) == len(en)
        tsv = os.path.join(work, "ntrex.%s.tsv" % lang)
        with open(tsv, "w", encoding="utf-8") as f:
            for s, t in zip(en, tgt):
                f.write("%s\t%s\n" % (s, t))
        base = [a.tmkit, "check", "--tgt-lang", lang, "-g", a.glossary, "--format", "json"]
        n = len(en)
        r, wall = run(base + [tsv])
        findings = json.loads(r.stdout)
        by, sev, flagged = summarize(findings, n)
        nf = sum(sev.values())
        print("\n## en-%s NTREX as one file: %d findings in %d places, %.1f findings /100 seg (%.1f places); %d segments flagged (%.1f%%); %.2f s wall"
              % (lang, nf, len(findings), 100.0 * nf / n, 100.0 * len(findings) / n, flagged, 100.0 * flagged / n, wall))
        with open(os.path.join(out, "findings.%s.json" % lang), "w", encoding="utf-8") as f:
            json.dump(findings, f, ensure_ascii=False, indent=0)
        if not a.no_docs:
            order = []
            rows = collections.defaultdict(list)
            for i, d in enumerate(docs):
                if d not in rows:
                    order.append(d)
                rows[d].append(i)
            passed, t_docs, failing = 0, 0.0, []
            doc_groups = []  # (occurrences with segment numbers of the whole file)
            for d in order:
                p = os.path.join(work, "doc.%s.tsv" % lang)
                with open(p, "w", encoding="utf-8") as f:
                    for i in rows[d]:
                        f.write("%s\t%s\n" % (en[i], tgt[i]))
                r, wall_doc = run(base + [p])
                t_docs += wall_doc
                fs = json.loads(r.stdout)
                for f in fs:
                    f["segment"] = rows[d][f["segment"] - 1] + 1  # numbered as in the whole file
                    f["document"] = d
                doc_groups.extend(groups(fs))
                if r.returncode == 0:
                    passed += 1
                else:
                    errs = [f["check"] for f in fs if f["severity"] == "error"]
                    failing.append("%s(%s)" % (d, ",".join(sorted(set(errs)))))
            sev_d = collections.Counter(severity(g) for g in doc_groups)
            by_d = collections.Counter((g[0]["check"], severity(g)) for g in doc_groups)
            places = collections.Counter((g[0]["check"], severity(g)) for g in doc_groups for _ in g)
            nd = len(doc_groups)
            occ = sum(len(g) for g in doc_groups)
            print("## en-%s NTREX document by document (the headline): %d findings, %.2f /100 seg (error %.2f, warning %.2f, note %.2f); %d places (%.1f /100)"
                  % (lang, nd, 100.0 * nd / n, 100.0 * sev_d["error"] / n, 100.0 * sev_d["warning"] / n,
                     100.0 * sev_d["note"] / n, occ, 100.0 * occ / n))
            for (check, sv), c in sorted(by_d.items(), key=lambda kv: -kv[1]):
                print("  %-22s %-8s %5d findings %6.2f /100  (%d places)" % (check, sv, c, 100.0 * c / n, places[(check, sv)]))
            print("  documents passing --fail-on error: %d of %d (%.1f%%); %.1f s for all" % (passed, len(order), 100.0 * passed / len(order), t_docs))
            if failing:
                print("  failing: " + " ".join(failing))
            with open(os.path.join(out, "findings.docs.%s.json" % lang), "w", encoding="utf-8") as f:
                json.dump(doc_groups, f, ensure_ascii=False, indent=0)
            if a.sample:
                rnd = random.Random(a.seed)
                pick = sorted(rnd.sample(range(nd), min(a.sample, nd)))
                with open(os.path.join(out, "sample.%s.tsv" % lang), "w", encoding="utf-8") as f:
                    f.write("verdict\tsegment (1-based)\tcheck\tseverity\tconfidence\ttarget span\tmessage\tsource\ttranslation\toccurrences\treason\n")
                    for i in pick:
                        g = doc_groups[i]
                        fd = g[0]
                        seg = fd["segment"] - 1
                        tspan = (fd.get("target_span") or {}).get("text", "")
                        more = "; ".join("%d: %s" % (o["segment"], (o.get("target_span") or {}).get("text", "") or o["message"])
                                         for o in g[1:])
                        f.write("\t".join(["-", str(fd["segment"]), fd["check"], severity(g), "%.2f" % fd.get("confidence", 1.0),
                                           tspan, fd["message"], en[seg], tgt[seg], str(len(g)) + (" (" + more + ")" if more else ""), ""]) + "\n")
        corpus = os.path.join(ROOT, "corpora", "syria-geneva-talks")
        r, wall = run(base + [os.path.join(corpus, "en.txt"), os.path.join(corpus, "%s.txt" % lang)])
        fs = json.loads(r.stdout)
        segs = max(1, len(open(os.path.join(corpus, "en-%s.gold" % lang)).read().split("\n")) - 1)
        by, sev, flagged = summarize(fs, segs)
        print("  bundled article en-%s: %d findings (%d places) over ~%d beads (error %d, warning %d, note %d): %s; exit %d"
              % (lang, sum(sev.values()), len(fs), segs, sev["error"], sev["warning"], sev["note"],
                 ", ".join("%s %d" % (k[0], v) for k, v in sorted(by.items())), r.returncode))
    print("\nreports in " + out)


if __name__ == "__main__":
    main()
