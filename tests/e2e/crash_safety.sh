#!/usr/bin/env bash
# Crash safety (docs/reliability.md): `tmkit import` is killed with SIGKILL at random moments, 50
# times over large generated TMX files. After every kill the TM must open, `tmkit verify` must be
# clean, and the TM must hold exactly the units of the imports that completed: an import lands
# whole or not at all. The kill moments are drawn from the measured length of one import, so the
# test covers the whole import (open, parse, index, commit) on slow and fast machines alike.
set -euo pipefail
: "${TMKIT:?}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
TM="$WORK/tm"
KILLS=${CRASH_KILLS:-50}
UNITS=${CRASH_UNITS:-2000}

# Round r's file: UNITS units whose text is unique to the round (so every import adds them all).
python3 - "$WORK" "$KILLS" "$UNITS" <<'PY'
import sys, random
work, rounds, units = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(11)
en = "talks geneva envoy annan syria crisis plan peace council russia china meeting transition government opposition".split()
ru = "переговоры женева посланник аннан сирия кризис план мир совет россия китай встреча переход правительство оппозиция".split()
for r in range(rounds + 1):
    with open(f"{work}/round{r}.tmx", "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="crash" creationtoolversion="1" '
                'segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n')
        for i in range(units):
            k = [random.randrange(len(en)) for _ in range(10)]
            f.write(f'<tu><tuv xml:lang="en"><seg>{" ".join(en[j] for j in k)} r{r} n{i}.</seg></tuv>'
                    f'<tuv xml:lang="ru"><seg>{" ".join(ru[j] for j in k)} r{r} n{i}.</seg></tuv></tu>\n')
        f.write('</body>\n</tmx>\n')
PY

units_in_tm() {
  "$TMKIT" stats --tm "$TM" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["units"])'
}

# Round 0 completes and measures how long an import takes here.
start=$(date +%s%N)
"$TMKIT" import --tm "$TM" "$WORK/round0.tmx" > /dev/null
duration_ms=$(( ($(date +%s%N) - start) / 1000000 ))
expected=$UNITS
[[ $(units_in_tm) == "$expected" ]] || { echo "round 0: $(units_in_tm) units, expected $expected" >&2; exit 1; }

committed=0 rolled_back=0 finished=0
RANDOM=42
for r in $(seq 1 "$KILLS"); do
  delay_ms=$(( RANDOM % (duration_ms * 12 / 10 + 1) ))
  "$TMKIT" import --tm "$TM" "$WORK/round$r.tmx" > /dev/null 2> "$WORK/import.err" &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -KILL "$pid" 2> /dev/null || true
  status=0; { wait "$pid"; } 2> /dev/null || status=$?
  if ! "$TMKIT" verify --tm "$TM" > "$WORK/verify.out" 2>&1; then
    echo "round $r (killed after ${delay_ms} ms): verify is not clean:" >&2; cat "$WORK/verify.out" >&2; exit 1
  fi
  now=$(units_in_tm)
  if [[ $status == 0 ]]; then
    finished=$((finished + 1)); expected=$((expected + UNITS))
  elif [[ $status == 137 && $now == $((expected + UNITS)) ]]; then
    committed=$((committed + 1)); expected=$((expected + UNITS))   # killed after its commit
  elif [[ $status == 137 ]]; then
    rolled_back=$((rolled_back + 1))
  else
    echo "round $r: import exited $status: $(cat "$WORK/import.err")" >&2; exit 1
  fi
  if [[ $now != "$expected" ]]; then
    echo "round $r (killed after ${delay_ms} ms, exit $status): $now units, expected $expected (a partial import?)" >&2; exit 1
  fi
done
# The TM still takes writes after all that.
"$TMKIT" import --tm "$TM" "$WORK/round1.tmx" > /dev/null
"$TMKIT" verify --tm "$TM" > /dev/null
echo "crash_safety: $KILLS SIGKILLs (one import takes ${duration_ms} ms): $rolled_back rolled back whole," \
     "$committed killed after commit, $finished finished first; verify clean and unit counts exact every time"
