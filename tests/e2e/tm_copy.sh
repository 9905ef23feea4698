#!/usr/bin/env bash
# tmkit copy: a replica of a TM, consistent while an import writes to the original (it holds one
# committed state: before the import or after it, never half), servable, verify-clean.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SOURCE_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

python3 "$TMKIT_SOURCE_DIR/tests/e2e/lib/random_units.py" "$work/first.tsv" 2000 1
python3 "$TMKIT_SOURCE_DIR/tests/e2e/lib/random_units.py" "$work/second.tsv" 60000 2
"$TMKIT" import --tm "$work/tm" --src-lang en --tgt-lang ru "$work/first.tsv" > /dev/null
before=2000

# Copies taken while a big import runs: each holds the state before it or after it.
"$TMKIT" import --tm "$work/tm" --src-lang en --tgt-lang ru "$work/second.tsv" > /dev/null &
importer=$!
for k in 1 2 3; do
  "$TMKIT" copy --tm "$work/tm" "$work/replica$k" > "$work/copy$k.out" || fail "copy $k: $(cat "$work/copy$k.out")"
  sleep 0.3
done
wait $importer
after=$("$TMKIT" stats --tm "$work/tm" --format json | python3 -c 'import json, sys; print(json.load(sys.stdin)["units"])')
for k in 1 2 3; do
  units=$("$TMKIT" stats --tm "$work/replica$k" --format json | python3 -c 'import json, sys; print(json.load(sys.stdin)["units"])')
  [[ $units -eq $before || $units -eq $after ]] || fail "replica $k holds $units units: neither $before nor $after"
  "$TMKIT" verify --tm "$work/replica$k" > "$work/verify.out" 2>&1 || fail "replica $k: $(cat "$work/verify.out")"
done
ls -d "$work"/replica*.tmp-* 2> /dev/null && fail "a temporary directory was left behind"

# A replica answers lookups as the original does.
q="talks geneva envoy annan syria crisis plan peace council russia china meeting 5."
"$TMKIT" copy --tm "$work/tm" "$work/final" > /dev/null
diff <("$TMKIT" lookup --tm "$work/tm" --src-lang en --tgt-lang ru "$q" 2>&1) \
     <("$TMKIT" lookup --tm "$work/final" --src-lang en --tgt-lang ru "$q" 2>&1) > /dev/null || fail "replica answers differently"

# Into an existing directory, or from a missing TM: refused, nothing written.
set +e
"$TMKIT" copy --tm "$work/tm" "$work/final" 2> "$work/err"; code=$?
[[ $code -eq 2 ]] && grep -q "exists" "$work/err" || fail "copy onto an existing directory: exit $code, $(cat "$work/err")"
"$TMKIT" copy --tm "$work/missing" "$work/x" 2> "$work/err"; code=$?
[[ $code -ne 0 && ! -e $work/x ]] || fail "copy of a missing TM: exit $code"
set -e
echo "tm_copy: ok"
