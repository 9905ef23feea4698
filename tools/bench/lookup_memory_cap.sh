#!/usr/bin/env bash
# How much memory a lookup process really needs (docs/benchmarks.md, "Translation memory"): runs
# tm_bench's 2000 lookups in a memory cgroup capped at CAP_MB, after evicting the TM's file from
# the page cache so that every page it touches is charged to the cap. Without a cap, a process's
# RSS counts every cached page of data.mdb it maps (the kernel maps cached neighbours of each
# fault), so RSS says how much of the file is cached, not what a lookup needs.
# The first round starts from a cold file; later rounds find what the cap let stay cached (the
# steady state of a long-running lookup process). Needs root and a writable cgroup memory
# controller (v1 or v2); prints one line per round: the max RSS, the lookup latencies and the
# page faults that had to read the disk.
#   tools/bench/lookup_memory_cap.sh TM QUERIES [CAP_MB=200] [BUILD=build-rel] [ROUNDS=2]
set -euo pipefail
tm=${1:?TM directory}
queries=${2:?queries file}
cap_mb=${3:-200}
build=${4:-build-rel}
rounds=${5:-2}
bench="$build/bin/tm_bench"
[[ -x "$bench" && -f "$tm/data.mdb" ]] || { sed -n '2,9p' "$0" >&2; exit 2; }
source "$(dirname "$0")/cgroup.sh"
cg=$(new_cgroup memory "tmkit-lookup-cap-$$") || exit 2
if [[ -f "$cg/memory.max" ]]; then
  echo $((cap_mb * 1024 * 1024)) >"$cg/memory.max"
else
  echo $((cap_mb * 1024 * 1024)) >"$cg/memory.limit_in_bytes"
fi
trap 'rmdir "$cg" 2>/dev/null || true' EXIT
evict() { python3 -c 'import os,sys; fd=os.open(sys.argv[1], os.O_RDONLY); os.posix_fadvise(fd,0,0,os.POSIX_FADV_DONTNEED); os.close(fd)' "$1"; }
evict "$tm/data.mdb"
for round in $(seq 1 "$rounds"); do
  out=$("${enter_cgroup[@]}" "$cg" /usr/bin/time -f "TIME %M %F %e %U %S" "$bench" lookup "$tm" "$queries" 70 5 0 2>&1)
  python3 - "$round" "$cap_mb" <<PY
import json, sys
lines = """$out""".splitlines()
j = json.loads(next(l for l in lines if l.startswith("{")))
rss, major, wall, user, sys_ = next(l for l in lines if l.startswith("TIME")).split()[1:]
print(f"cap {sys.argv[2]} MiB, round {sys.argv[1]} ({'cold file' if sys.argv[1] == '1' else 'warm'}): max RSS {int(rss)/1024:.0f} MiB, {int(major)} page faults read the disk; "
      f"lookup p50 {j['p50_ms']:.2f} ms, p99 {j['p99_ms']:.2f} ms, CPU mean {j['cpu_mean_ms']:.2f} ms; "
      f"{j['queries_with_match']}/{j['queries']} queries matched ({j['matches']} matches); {wall} s wall")
PY
done
