#!/usr/bin/env bash
# The cluster workflow at scale: N NTREX-style document pairs (stream_pairs.py), aligned
#  1. serially, `align --batch --no-learn --into` (the reference TM),
#  2. by the workflow on 1 local core, then on 2 (wall time: the speed-up),
#  3. by the workflow killed with -9 half way and run again,
#  4. on Slurm when SLURM_CONF is set (workflows/slurm/one-node.sh starts a one-node cluster),
# and checks that every TM holds the reference's units (document and segments), without duplicates.
# Also: `align --stream` against `align --batch` CPU time on the same pairs.
#   tools/bench/workflow_bench.sh BUILD/bin/tmkit [N] [SHARD_LINES]
# STREAM_RUNS (default 3) is how many stream/batch pairs are timed; 0 skips them (the 100k run).
set -euo pipefail
tmkit=$(realpath "$1")
n=${2:-100000}
shard_lines=${3:-5000}
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "workflow_bench: $n pairs, $shard_lines a shard, in $work (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
python3 "$here/tools/bench/stream_pairs.py" "$n" "$work/pairs.jsonl" --shared "$here/../shared" --batch-dir "$work/files"

tm_key() {  # TM -> sorted unit keys; prints "units distinct" first
  "$tmkit" export --tm "$1" --out "$work/key.tmx" 2> /dev/null
  python3 - "$work/key.tmx" <<'PY'
import sys, xml.etree.ElementTree as ET
L = "{http://www.w3.org/XML/1998/namespace}lang"
keys = []
for _, tu in ET.iterparse(sys.argv[1]):
    if tu.tag != "tu":
        continue
    doc = [p.text for p in tu.iter("prop") if p.get("type") == "x-tmkit-document"]
    keys.append("%s|%s" % (doc, sorted((v.get(L), v.find("seg").text or "") for v in tu.iter("tuv"))))
    tu.clear()
print(len(keys), len(set(keys)))
for k in sorted(keys):
    print(k)
PY
}
seconds() {  # wall seconds of a command or shell function
  local start=$(date +%s.%N)
  "$@" > /dev/null 2>> "$work/log"
  awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'
}
cputime() { /usr/bin/time -f "%U %S" -o "$work/time" "$@" > /dev/null 2>> "$work/log"; awk '{ print $1 + $2 }' "$work/time"; }
workflow() {  # DIR CORES [snakemake args]
  local dir=$1 cores=$2
  shift 2
  mkdir -p "$dir"
  (cd "$dir" && snakemake -s "$here/workflows/Snakefile" --config manifest="$work/pairs.jsonl" tm="$dir/tm" \
     tmkit="$tmkit" shard_lines="$shard_lines" align_flags=--presegmented -q "$@")
}

[[ ${STREAM_RUNS:-3} -gt 0 ]] && echo "stream vs batch, CPU seconds (user+sys), alternating:"
for r in $(seq "${STREAM_RUNS:-3}"); do
  b=$(cputime "$tmkit" align --batch "$work/files/batch.lst" --presegmented --no-learn --tgt-lang ru --format json --out-dir "$work/bo")
  s=$(cputime sh -c "'$tmkit' align --stream --threads 1 --presegmented --tgt-lang ru < '$work/pairs.jsonl'")
  echo "  batch --format json --out-dir: $b   stream --threads 1: $s   ratio $(awk -v a="$s" -v b="$b" 'BEGIN { printf "%.2f", a / b }')"
  rm -rf "$work/bo"
done

t=$(seconds "$tmkit" align --batch "$work/files/batch.lst" --presegmented --no-learn --tgt-lang ru --into "$work/serial.tm")
tm_key "$work/serial.tm" > "$work/serial.key"
echo "serial align --batch --into: ${t} s, $(head -1 "$work/serial.key" | cut -d' ' -f1) units"

t1=$(seconds workflow "$work/w1" 1 --profile "$here/workflows/profiles/local" --cores 1)
t2=$(seconds workflow "$work/w2" 2 --profile "$here/workflows/profiles/local" --cores 2)
echo "workflow, 1 local job: ${t1} s; 2 local jobs: ${t2} s; speed-up $(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", a / b }')"
for w in w1 w2; do
  tm_key "$work/$w/tm" > "$work/$w.key"
  cmp -s "$work/serial.key" "$work/$w.key" && echo "  $w TM: equal to the serial one" || echo "  $w TM: DIFFERS"
done

# kill -9 half way (half of the shards aligned), then --unlock and the same command.
mkdir -p "$work/k"
shards=$(( (n + shard_lines - 1) / shard_lines ))
(cd "$work/k" && exec setsid snakemake -s "$here/workflows/Snakefile" --profile "$here/workflows/profiles/local" --cores 2 \
   --config manifest="$work/pairs.jsonl" tm="$work/k/tm" tmkit="$tmkit" shard_lines="$shard_lines" \
   align_flags=--presegmented -q > /dev/null 2>&1) &
pgid=$!
while [[ $(ls "$work/k/tmkit-work/aligned/" 2>/dev/null | grep -c '\.tmx$') -lt $(( shards / 2 )) ]]; do sleep 0.2; done
kill -9 -- -"$pgid" 2> /dev/null || true
wait 2> /dev/null || true
echo "killed after $(ls "$work/k/tmkit-work/aligned/" | grep -c '\.tmx$') of $shards shards"
workflow "$work/k" 2 --profile "$here/workflows/profiles/local" --unlock > /dev/null 2>&1
workflow "$work/k" 2 --profile "$here/workflows/profiles/local" --cores 2 > /dev/null
tm_key "$work/k/tm" > "$work/k.key"
echo "  re-run TM: $(head -1 "$work/k.key" | awk '{ print $1 " units, " $1 - $2 " duplicates" }'); $(cmp -s "$work/serial.key" "$work/k.key" && echo equal to the serial one || echo DIFFERS)"

if [[ -n ${SLURM_CONF:-} ]]; then
  t=$(seconds workflow "$work/s" 2 --profile "$here/workflows/profiles/slurm")
  tm_key "$work/s/tm" > "$work/s.key"
  echo "Slurm: ${t} s; TM $(cmp -s "$work/serial.key" "$work/s.key" && echo equal to the serial one || echo DIFFERS)"
fi
