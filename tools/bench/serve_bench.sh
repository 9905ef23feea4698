#!/usr/bin/env bash
# Load test of `tmkit serve` (docs/benchmarks.md, "Lookup service"): wrk drives fuzzy lookups
# over loopback, first alone, then while `tmkit import` adds units to the same TM from another
# process; in the same run, the baselines on the same TM and queries: the engine alone
# (tm_bench lookup: Memory::Lookup one query at a time) and the CLI (`tmkit lookup` over stdin).
# Prints one RESULT line per wrk phase (requests, non-200 answers, socket errors, latency
# percentiles), one TIMELINE line per phase (answers per second; the import starts with the second
# phase, so its wall time marks where in that line it ran), the import's own time and the baselines.
#
#   tools/bench/serve_bench.sh --tm TM --queries QUERIES.txt --import IMPORT.tmx \
#       [--build build-rel] [--seconds 30] [--connections 32] [--threads 2] [--serve-args "..."]
#       [--import-args "..."]      e.g. --import-args --background (the import at idle priority)
#       [--think-ms N]             each connection waits N ms after an answer (0: saturate)
#       [--control-busy S]         a third phase: a busy loop on one thread for S seconds instead
#                                  of the import (a control: what any job that wants a core costs)
#       [--control-idle]           run that busy loop at idle CPU priority, as import --background runs
#       [--import-cpu-quota P[/MS]] the import in a cgroup that the kernel holds to P% of one core
#                                  per MS-ms period (default 100, systemd's CPUQuota=); needs root
#       [--during-seconds N]       wrk's phase during the import lasts N s (default: --seconds);
#                                  long enough, it covers a slowed import to its commit
#
# The data comes from the TM benchmark's generator (docs/benchmarks.md, "Translation memory"):
#   corpora/generate_tm.py --units 1000000 --out W/tm1m.tmx --queries W/queries.txt
#   corpora/generate_tm.py --units 100000 --seed 7 --out W/import100k.tmx
#   build-rel/bin/tmkit import --tm W/tm1m W/tm1m.tmx
# TM is written to in phase 2: give a copy you can throw away. QUERIES.txt holds one English
# sentence per line (made like the units, not stored ones): lookups en -> ru, top 5 >= 70%.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build="$here/../../build-rel"
seconds=30 connections=32 threads=2 tm="" queries="" import="" serve_args="" import_args="" think_ms=0 busy_seconds=0 busy_prefix=() \
  cpu_quota="" during_seconds=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tm) tm=$2; shift 2 ;;
    --queries) queries=$2; shift 2 ;;
    --import) import=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --serve-args) serve_args=$2; shift 2 ;;
    --import-args) import_args=$2; shift 2 ;;
    --think-ms) think_ms=$2; shift 2 ;;
    --control-busy) busy_seconds=$2; shift 2 ;;
    --control-idle) busy_prefix=(chrt --idle 0); shift ;;
    --import-cpu-quota) cpu_quota=$2; shift 2 ;;
    --during-seconds) during_seconds=$2; shift 2 ;;
    *) echo "serve_bench: unknown argument $1" >&2; exit 2 ;;
  esac
done
tmkit="$build/bin/tmkit"
[[ -d "$tm" && -f "$queries" && -f "$import" && -x "$tmkit" ]] || {
  sed -n '2,/^[^#]/{/^#/p}' "$0" >&2  # the header comment, however long it grows
  exit 2
}
command -v wrk >/dev/null || { echo "serve_bench: wrk is missing (scripts/setup.sh --with-test-peers)" >&2; exit 2; }

work=$(mktemp -d)
server_pid="" cgroup=""
# Every step runs whatever the one before returned: under set -e a failing last command of an
# && list would end the trap and leave the cgroup and the work directory behind.
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [[ -n "$cgroup" ]]; then rmdir "$cgroup" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }

# The kernel's CPU bandwidth control (CFS quota), as `systemd-run -p CPUQuota=` sets it: the
# import's threads together run at most quota_us in every period_us, commit included.
import_prefix=()
if [[ -n "$cpu_quota" ]]; then
  percent=${cpu_quota%%/*} period_ms=100
  [[ "$cpu_quota" == */* ]] && period_ms=${cpu_quota#*/}
  period_us=$((period_ms * 1000)) quota_us=$((percent * period_ms * 10))
  source "$here/cgroup.sh"
  cgroup=$(new_cgroup cpu "tmkit-import-$$") || exit 2
  if [[ -f "$cgroup/cpu.max" ]]; then
    echo "$quota_us $period_us" >"$cgroup/cpu.max"
  else
    echo "$period_us" >"$cgroup/cpu.cfs_period_us" && echo "$quota_us" >"$cgroup/cpu.cfs_quota_us"
  fi
  import_prefix=("${enter_cgroup[@]}" "$cgroup")
fi

source "$here/serve_lib.sh"
lookup_paths "$queries" "$work/paths.txt"

echo "serve_bench: $(nproc) cores, load average $(load) at the start"
# Baselines first, on the same TM and queries, with the page cache as warm as the server's.
if [[ -x "$build/bin/tm_bench" ]]; then
  echo "ENGINE $("$build/bin/tm_bench" lookup "$tm" "$queries" 70 5 | tr -d '\n')"
fi
n=$(grep -c . "$queries")
/usr/bin/time -f '%e %U %S' -o "$work/cli.time" \
  "$tmkit" lookup --tm "$tm" --src-lang en --tgt-lang ru --min 70 --limit 5 --format json <"$queries" >/dev/null
read -r wall user sys <"$work/cli.time"
echo "CLI tmkit lookup over stdin: $n queries in $wall s wall, $(awk "BEGIN{print $user + $sys}") s CPU:" \
  "$(awk "BEGIN{printf \"%.2f\", 1000 * $wall / $n}") ms/query wall, $(awk "BEGIN{printf \"%.2f\", 1000 * ($user + $sys) / $n}") ms/query CPU"

# shellcheck disable=SC2086
start_serve "$work/serve.out" "$tmkit" serve --tm "$tm" $serve_args || exit 1
server_pid=$served_pid base=$served_base

run_wrk() {
  QUERIES="$work/paths.txt" THINK_MS="$think_ms" wrk -t"$threads" -c"$connections" -d"${2:-$seconds}s" --timeout 5s \
    -s "$here/serve_lookup.lua" "$base" | sed -n -e 's/^RESULT /RESULT '"$1"' /p' -e 's/^TIMELINE /TIMELINE '"$1"' /p'
}

QUERIES="$work/paths.txt" wrk -t1 -c2 -d5s -s "$here/serve_lookup.lua" "$base" >/dev/null  # warm-up
echo "serve_bench: load average $(load) before phase 1"
ticks0=$(cpu_ticks "$server_pid")
run_wrk lookups_alone
ticks1=$(cpu_ticks "$server_pid")
echo "SERVER CPU in phase 1: $(awk "BEGIN{printf \"%.1f\", ($ticks1 - $ticks0) / $(getconf CLK_TCK)}") s"

# The import's own wall and CPU time (time -o), not the phase's: wrk runs 30 s whatever the import does.
# shellcheck disable=SC2086
/usr/bin/time -f "%e %U %S" -o "$work/import.time" \
  "${import_prefix[@]}" "$tmkit" import --tm "$tm" --wait 60 --format json $import_args "$import" >"$work/import.out" 2>&1 &
import_pid=$!
run_wrk lookups_during_import "$during_seconds"
import_running_at_end=$(kill -0 "$import_pid" 2>/dev/null && echo yes || echo no)
wait "$import_pid"
read -r import_wall import_user import_sys <"$work/import.time"
echo "IMPORT $(tr -d '\n' <"$work/import.out") took $import_wall s wall," \
  "$(awk "BEGIN{print $import_user + $import_sys}") s CPU; still running when wrk stopped: $import_running_at_end${cpu_quota:+; CPU quota $quota_us us per $period_us us}"

if [[ "$busy_seconds" != 0 ]]; then
  /usr/bin/time -f "%e %U %S" -o "$work/busy.time" "${busy_prefix[@]}" timeout "$busy_seconds" bash -c 'while :; do :; done' || true &
  busy_pid=$!
  run_wrk lookups_during_busy_loop
  wait "$busy_pid"
  read -r busy_wall busy_user busy_sys < <(tail -1 "$work/busy.time")
  echo "BUSY LOOP${busy_prefix[*]:+ (${busy_prefix[*]})} took $busy_wall s wall, $(awk "BEGIN{print $busy_user + $busy_sys}") s CPU"
fi
echo "serve_bench: load average $(load) at the end"
