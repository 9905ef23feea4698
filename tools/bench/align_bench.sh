#!/usr/bin/env bash
# Whole-process alignment benchmark: tmkit align against its Gale-Church mode (--length-only) and,
# when HUNALIGN points at a hunalign binary built by hand (docs/benchmarks.md), hunalign, all in
# the same run on the same inputs. Inputs are the NTREX hard en-ru documents concatenated (in a
# different document order for each copy) to about 1k, 10k and 100k source sentences, with the
# gold beads shifted to match, so accuracy at scale is measured too.
# Usage: tools/bench/align_bench.sh [BUILD_DIR] [SIZES...]   (default build, 1000 10000 100000)
# hunalign runs up to HUNALIGN_MAX source sentences (default 10000: its memory grows quadratically).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
shift || true
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(1000 10000 100000)
TMKIT="$BUILD/bin/tmkit"
SHARED=${TMKIT_SHARED_DIR:-$(cd .. && pwd)/shared}
D="$SHARED/data/alignment/ntrex/derived_synthetic_hard"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_input() {  # size -> $work/N.{en,ru,gold}
  python3 - "$D" "$1" "$work/$1" <<'PY'
import ast, os, random, sys
d, size, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
docs = sorted(f[:-len('.en-ru.gold')] for f in os.listdir(d) if f.endswith('.en-ru.gold'))
rng = random.Random(size)
en, ru, gold = [], [], []
while len(en) < size:
    order = docs[:]
    rng.shuffle(order)
    for name in order:
        e = open(f'{d}/{name}.en-ru.en', encoding='utf-8').read().splitlines()
        r = open(f'{d}/{name}.en-ru.ru', encoding='utf-8').read().splitlines()
        for line in open(f'{d}/{name}.en-ru.gold'):
            if not line.strip(): continue
            a, b = line.split(':')[:2]
            gold.append(([x + len(en) for x in ast.literal_eval(a)], [y + len(ru) for y in ast.literal_eval(b)]))
        en += e; ru += r
        if len(en) >= size: break
open(out + '.en', 'w', encoding='utf-8').write('\n'.join(en) + '\n')
open(out + '.ru', 'w', encoding='utf-8').write('\n'.join(ru) + '\n')
open(out + '.gold', 'w').write(''.join(f'{a}:{b}\n' for a, b in gold))
PY
}

ladder_to_beads() {  # hunalign ladder (i \t j \t score) -> beads
  python3 -c '
import sys
rungs = [tuple(map(int, l.split("\t")[:2])) for l in open(sys.argv[1]) if l.strip()]
for (i0, j0), (i1, j1) in zip(rungs, rungs[1:]):
    print(f"{list(range(i0, i1))}:{list(range(j0, j1))}")' "$1"
}

measure() {  # label command... ; prints "wall-seconds MB user-seconds" (CPU time: the machine is shared)
  local log="$work/time.log"
  /usr/bin/time -v "$@" > "$work/out" 2> "$log" || { echo "failed: $*" >&2; tail -3 "$log" >&2; return 1; }
  local wall rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" | awk -F: '{ if (NF == 3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
  user=$(sed -n 's/.*User time (seconds): //p' "$log")
  echo "$wall $((rss / 1024)) $user"
}

score() { "$TMKIT" align-score "$1" "$2" | sed 's/.*F1_strict=\([0-9.]*\).*/\1/'; }

echo "| sentences (en x ru) | aligner | wall s | user s | max RSS MB | strict F1 |"
echo "|---|---|---|---|---|---|"
for n in "${SIZES[@]}"; do
  make_input "$n"
  ns=$(wc -l < "$work/$n.en"); nt=$(wc -l < "$work/$n.ru")
  read -r t m u < <(measure "$TMKIT" align --presegmented --src-lang en --tgt-lang ru "$work/$n.en" "$work/$n.ru")
  cp "$work/out" "$work/tmkit.beads"
  echo "| $ns x $nt | tmkit align | $t | $u | $m | $(score "$work/$n.gold" "$work/tmkit.beads") |"
  read -r t m u < <(measure "$TMKIT" align --presegmented --length-only --src-lang en --tgt-lang ru "$work/$n.en" "$work/$n.ru")
  cp "$work/out" "$work/gc.beads"
  echo "| $ns x $nt | tmkit --length-only (Gale-Church) | $t | $u | $m | $(score "$work/$n.gold" "$work/gc.beads") |"
  if [[ -n "${HUNALIGN:-}" && $n -le ${HUNALIGN_MAX:-10000} ]]; then
    : > "$work/null.dic"
    if read -r t m u < <(measure "$HUNALIGN" -utf "$work/null.dic" "$work/$n.en" "$work/$n.ru"); then
      ladder_to_beads "$work/out" > "$work/hun.beads"
      echo "| $ns x $nt | hunalign -utf (null dictionary) | $t | $u | $m | $(score "$work/$n.gold" "$work/hun.beads") |"
    fi
  fi
done
