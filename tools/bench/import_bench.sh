#!/usr/bin/env bash
# Imports one TMX with two tmkit binaries one after the other (baseline first, then new, ROUNDS
# times) and prints CPU seconds (user+sys), wall seconds, units/s of each and the load average
# around each run; then checks that both TMs verify and dump identically (mdb_dump -a).
# Usage: tools/bench/import_bench.sh OLD_TMKIT NEW_TMKIT TMX [WORK_DIR] [ROUNDS]
set -euo pipefail
old=${1:?old tmkit binary}; new=${2:?new tmkit binary}; tmx=${3:?TMX file}
work=${4:-/tmp/tmkit-import-bench}; rounds=${5:-1}
mkdir -p "$work"

run() {  # label binary tm-dir
  rm -rf "$3"
  local before after
  before=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$2" import --tm "$3" "$tmx" > "$work/out" 2>&1
  after=$(cut -d' ' -f1 /proc/loadavg)
  read -r wall user sys < "$work/time"
  local units
  units=$(grep -o '[0-9]* added' "$work/out" | cut -d' ' -f1)
  local merged
  merged=$(grep -o '[0-9]* merged' "$work/out" | cut -d' ' -f1)
  awk -v l="$1" -v w="$wall" -v u="$user" -v s="$sys" -v n="$((units + merged))" -v a="$before" -v b="$after" \
    'BEGIN { c = u + s; printf "%-4s cpu %6.2f s (%.2f user + %.2f sys)  wall %6.2f s  %7.0f units/CPU-s  %7.0f units/wall-s  load %s -> %s\n", l, c, u, s, w, n / c, n / w, a, b }'
}

for ((r = 1; r <= rounds; ++r)); do
  run old "$old" "$work/tm-old"
  run new "$new" "$work/tm-new"
done
"$new" verify --tm "$work/tm-old" > /dev/null && "$new" verify --tm "$work/tm-new" > /dev/null ||
  { echo "verify failed" >&2; exit 1; }
if cmp -s <(mdb_dump -a "$work/tm-old") <(mdb_dump -a "$work/tm-new"); then
  echo "TMs identical (mdb_dump -a)"
else
  echo "TMs differ (mdb_dump -a)"
fi
