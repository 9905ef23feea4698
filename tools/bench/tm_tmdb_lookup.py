#!/usr/bin/python3
"""Times Translate Toolkit's tmdb lookups (translate.storage.tmdb, the engine behind tmserver):
one TMDB.translate_unit per query line, min_similarity and max_candidates as tmkit's --min/--limit.
Prints one JSON object. Usage: tm_tmdb_lookup.py DB QUERIES MIN LIMIT [COUNT]"""
import json
import logging
import sys
import time

logging.disable(logging.WARNING)
from translate.storage import tmdb  # noqa: E402

db, queries, min_sim, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
count = int(sys.argv[5]) if len(sys.argv) > 5 else 200
tm = tmdb.TMDB(db, max_candidates=limit, min_similarity=min_sim)
times, cpu, with_match = [], [], 0
with open(queries, encoding="utf-8") as f:
    lines = [l.strip() for l in f if l.strip()][:count]
for q in lines:
    t0, c0 = time.perf_counter(), time.process_time()
    r = tm.translate_unit(q, "en", "ru")
    times.append((time.perf_counter() - t0) * 1000)
    cpu.append((time.process_time() - c0) * 1000)
    with_match += bool(r)
times.sort()
cpu.sort()
pct = lambda v, p: v[min(len(v) - 1, int(p * (len(v) - 1) + 0.5))]
print(json.dumps({"queries": len(times), "p50_ms": pct(times, 0.5), "p99_ms": pct(times, 0.99),
                  "cpu_p50_ms": pct(cpu, 0.5), "cpu_p99_ms": pct(cpu, 0.99),
                  "mean_ms": sum(times) / len(times), "queries_with_match": with_match}))
