#!/usr/bin/env bash
# The TM benchmarks of docs/benchmarks.md ("Translation memory"), side by side with the full-scan
# scoring (OmegaT's method) and Translate Toolkit's tmdb, on data generated into $WORK (not the
# repository). Needs a Release build: cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release, and
# python3-levenshtein for tmdb (without it tmdb uses a pure-Python distance, ~100 s per query).
#   tools/bench/tm_bench.sh [BUILD_DIR] [UNITS] [WORK]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build-rel}
UNITS=${2:-1000000}
WORK=${3:-/tmp/tmkit-bench}
TMKIT="$BUILD/bin/tmkit"
BENCH="$BUILD/bin/tm_bench"
SHARED=${TMKIT_SHARED_DIR:-$(cd .. && pwd)/shared}
TMDB_UNITS=${TMDB_UNITS:-20000}
mkdir -p "$WORK"
log() { echo "== $*" >&2; }
if [[ ! -f "$WORK/tm$UNITS.tmx" ]]; then
  log "generating $UNITS units"
  /usr/bin/python3 corpora/generate_tm.py --units "$UNITS" --out "$WORK/tm$UNITS.tmx" \
    --queries "$WORK/queries.txt" --phrases "$WORK/phrases.txt" --shared "$SHARED"
fi
if [[ ! -f "$WORK/tm$TMDB_UNITS.tmx" ]]; then  # the same generator and seed: a prefix of the big TM
  /usr/bin/python3 corpora/generate_tm.py --units "$TMDB_UNITS" --out "$WORK/tm$TMDB_UNITS.tmx" --shared "$SHARED"
fi
rm -rf "$WORK/tm$UNITS" "$WORK/tm$TMDB_UNITS" "$WORK/export.tmx" "$WORK/tmdb.db"
log "import $UNITS units"
/usr/bin/time -f '{"elapsed_s": %e, "user_s": %U, "sys_s": %S, "max_rss_kb": %M}' -o "$WORK/import.time" \
  "$TMKIT" import --tm "$WORK/tm$UNITS" --format json "$WORK/tm$UNITS.tmx" > "$WORK/import.json"
log "compact (the lookups below run on the compacted TM, as docs/cli.md recommends after imports)"
/usr/bin/time -f '{"elapsed_s": %e, "user_s": %U, "sys_s": %S}' -o "$WORK/compact.time" \
  "$TMKIT" compact --tm "$WORK/tm$UNITS" > /dev/null
log "export"
/usr/bin/time -f '{"elapsed_s": %e, "user_s": %U, "sys_s": %S, "max_rss_kb": %M}' -o "$WORK/export.time" \
  "$TMKIT" export --tm "$WORK/tm$UNITS" --out "$WORK/export.tmx" 2>/dev/null
log "lookups (index) and the same scoring by full scan"
"$BENCH" lookup "$WORK/tm$UNITS" "$WORK/queries.txt" 70 5 ${SCAN_QUERIES:-10} > "$WORK/lookup.json"
log "concordance"
"$BENCH" concordance "$WORK/tm$UNITS" "$WORK/phrases.txt" > "$WORK/concordance.json"
"$BENCH" concordance "$WORK/tm$UNITS" "$WORK/phrases.txt" exact > "$WORK/concordance_exact.json"
log "lookup process RSS (tmkit lookup over stdin, 2000 queries)"
/usr/bin/time -f '{"elapsed_s": %e, "max_rss_kb": %M}' -o "$WORK/lookup_process.time" \
  "$TMKIT" lookup --tm "$WORK/tm$UNITS" --src-lang en --tgt-lang ru --format json < "$WORK/queries.txt" > /dev/null
log "Translate Toolkit tmdb on $TMDB_UNITS units, and tmkit on the same units"
"$TMKIT" import --tm "$WORK/tm$TMDB_UNITS" "$WORK/tm$TMDB_UNITS.tmx" > /dev/null
"$BENCH" lookup "$WORK/tm$TMDB_UNITS" "$WORK/queries.txt" 70 5 > "$WORK/lookup_small.json"
/usr/bin/time -f '{"elapsed_s": %e}' -o "$WORK/tmdb_build.time" \
  build_tmdb -d "$WORK/tmdb.db" -s en -t ru "$WORK/tm$TMDB_UNITS.tmx" > /dev/null 2>&1
/usr/bin/python3 tools/bench/tm_tmdb_lookup.py "$WORK/tmdb.db" "$WORK/queries.txt" 70 5 ${TMDB_QUERIES:-5} > "$WORK/tmdb.json"
tmx_bytes=$(stat -c %s "$WORK/tm$UNITS.tmx")
tm_bytes=$(stat -c %s "$WORK/tm$UNITS/data.mdb")
/usr/bin/python3 - "$WORK" "$UNITS" "$TMDB_UNITS" "$tmx_bytes" "$tm_bytes" <<'PY'
import json, sys
w, units, small, tmx, tm = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
j = lambda n: json.load(open(f"{w}/{n}"))
imp, exp, look, conc = j("import.time"), j("export.time"), j("lookup.json"), j("concordance.json")
proc, small_look, tmdb, tmdb_build = j("lookup_process.time"), j("lookup_small.json"), j("tmdb.json"), j("tmdb_build.time")
rep = j("import.json")
print(f"import: {rep['read']} units read, {rep['added']} added, {rep['merged']} merged in {imp['elapsed_s']} s "
      f"({rep['read'] / imp['elapsed_s']:.0f} units/s wall, {rep['read'] / (imp['user_s'] + imp['sys_s']):.0f} units/s CPU), RSS {imp['max_rss_kb'] // 1024} MB")
cmp = j("compact.time")
print(f"compact: {cmp['elapsed_s']} s wall, {cmp['user_s'] + cmp['sys_s']:.2f} s CPU")
print(f"export: {exp['elapsed_s']} s ({rep['added'] / exp['elapsed_s']:.0f} units/s wall, "
      f"{rep['added'] / (exp['user_s'] + exp['sys_s']):.0f} units/s CPU)")
print(f"lookup (index, top 5 >= 70%, 1 thread): p50 {look['p50_ms']:.3f} ms, p90 {look['p90_ms']:.3f}, p99 {look['p99_ms']:.3f}, "
      f"max {look['max_ms']:.1f}; {look['queries_with_match']}/{look['queries']} queries matched")
s = look.get("scan")
if s:
    print(f"full scan, same scoring (token cache built in {s['token_cache_build_ms'] / 1000:.1f} s): p50 {s['p50_ms']:.0f} ms, "
          f"p99 {s['p99_ms']:.0f} ms over {s['queries']} queries; same top scores as the index on {s['same_top_scores_as_index']}/{s['queries']}; "
          f"ratio p50 scan/index = {s['p50_ms'] / look['p50_ms']:.0f}x")
print(f"concordance: p50 {conc['p50_ms']:.3f} ms, p99 {conc['p99_ms']:.3f} ms over {conc['phrases']} phrases ({conc['hits']} hits)")
exact = j("concordance_exact.json")
print(f"concordance --exact: p50 {exact['p50_ms']:.3f} ms, p99 {exact['p99_ms']:.3f} ms ({exact['hits']} hits)")
print(f"lookup process max RSS: {proc['max_rss_kb'] // 1024} MB ({look['queries']} queries in {proc['elapsed_s']} s); "
      f"bench process RSS after lookups {look['max_rss_kb'] // 1024} MB")
print(f"disk: TM {tm / 1e6:.0f} MB vs TMX {tmx / 1e6:.0f} MB = {tm / tmx:.2f}x")
print(f"{small} units: tmkit p50 {small_look['p50_ms']:.3f} ms p99 {small_look['p99_ms']:.3f} ms; "
      f"tmdb (build_tmdb {tmdb_build['elapsed_s']} s) CPU p50 {tmdb['cpu_p50_ms']:.1f} ms p99 {tmdb['cpu_p99_ms']:.1f} ms over {tmdb['queries']} queries; "
      f"ratio CPU p50 tmdb/tmkit = {tmdb['cpu_p50_ms'] / small_look['cpu_p50_ms']:.0f}x")
PY
