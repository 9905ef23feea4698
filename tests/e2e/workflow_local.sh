#!/usr/bin/env bash
# The cluster workflow (workflows/Snakefile) on local cores: the TM it builds equals a serial
# `align --batch --no-learn --into`; killed with -9 half way and run again, the same TM with no
# duplicate unit; GNU parallel --pipe over the stream gives the stream's own bytes.
set -euo pipefail
: "${TMKIT:?}" "${TMKIT_SHARED_DIR:?}" "${TMKIT_SOURCE_DIR:?}"
work=$(mktemp -d)
trap 'kill -9 -- -$(cat "$work/pgid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in snakemake parallel; do
  command -v $tool >/dev/null || fail "$tool is missing: scripts/setup.sh --with-test-peers installs it"
done

D="$TMKIT_SHARED_DIR/data/alignment/ntrex/derived_split"
# An array, not `ls | head`: under pipefail, ls killed by SIGPIPE once head had its 40 lines
# failed the script with no message, depending on how the pipe's writes fell.
sources=("$D"/*.en)
for p in "${sources[@]:0:40}"; do
  printf '{"id": "%s", "src_path": "%s", "tgt_path": "%s"}\n' "$(basename "${p%.en}")" "$p" "${p%.en}.ru"
  echo "$p ${p%.en}.ru" >&3
done > "$work/manifest.jsonl" 3> "$work/batch.lst"

run() {  # WORKDIR TM [extra snakemake args]
  local dir=$1 tm=$2
  shift 2
  (cd "$dir" && snakemake -s "$TMKIT_SOURCE_DIR/workflows/Snakefile" --profile "$TMKIT_SOURCE_DIR/workflows/profiles/local" \
     --config manifest="$work/manifest.jsonl" tm="$tm" tmkit="$TMKIT" shard_lines=10 align_flags=--presegmented \
     -q "$@" > "$dir/snakemake.out" 2>&1) || fail "snakemake: $(tail -20 "$dir/snakemake.out")"
}
# What the TM holds: (document, segments) of every unit, and how many units.
tm_key() {
  "$TMKIT" export --tm "$1" --out "$work/key.tmx" 2> /dev/null
  python3 - "$work/key.tmx" <<'PY'
import sys, xml.etree.ElementTree as ET
L = "{http://www.w3.org/XML/1998/namespace}lang"
keys = []
for tu in ET.parse(sys.argv[1]).getroot().iter("tu"):
    doc = [p.text for p in tu.iter("prop") if p.get("type") == "x-tmkit-document"]
    keys.append("%s|%s" % (doc, sorted((v.get(L), v.find("seg").text or "") for v in tu.iter("tuv"))))
print(len(keys), len(set(keys)))
for k in sorted(keys):
    print(k)
PY
}

"$TMKIT" align --batch "$work/batch.lst" --presegmented --no-learn --tgt-lang ru --into "$work/serial.tm" > /dev/null
tm_key "$work/serial.tm" > "$work/serial.key"

mkdir "$work/a"
run "$work/a" "$work/a/tm" --cores 2
[[ $(ls "$work/a/tmkit-work/aligned/"*.tmx | wc -l) -eq 4 ]] || fail "expected 4 shard TMX files"
tm_key "$work/a/tm" > "$work/a.key"
cmp -s "$work/serial.key" "$work/a.key" || fail "workflow TM differs from the serial align --batch: $(diff "$work/serial.key" "$work/a.key" | head -5)"

# kill -9 of the whole run once the first shard is in place, then the same command again.
mkdir "$work/b"
(cd "$work/b" && exec setsid snakemake -s "$TMKIT_SOURCE_DIR/workflows/Snakefile" --profile "$TMKIT_SOURCE_DIR/workflows/profiles/local" \
   --config manifest="$work/manifest.jsonl" tm="$work/b/tm" tmkit="$TMKIT" shard_lines=10 align_flags=--presegmented \
   --cores 1 -q > snakemake.out 2>&1) &
echo $! > "$work/pgid"
for _ in $(seq 600); do
  compgen -G "$work/b/tmkit-work/aligned/*.tmx" > /dev/null && break
  sleep 0.05
done
kill -9 -- -"$(cat "$work/pgid")" 2>/dev/null || true
wait 2>/dev/null || true
[[ ! -e $work/b/tmkit-work/imported ]] || fail "the run finished before it was killed"
run "$work/b" "$work/b/tm" --unlock  # Snakemake's own lock outlives a kill -9
run "$work/b" "$work/b/tm" --cores 2
tm_key "$work/b/tm" > "$work/b.key"
head -1 "$work/b.key" | awk '$1 != $2 { exit 1 }' || fail "duplicate units after a re-run: $(head -1 "$work/b.key")"
cmp -s "$work/serial.key" "$work/b.key" || fail "killed and re-run: TM differs: $(diff "$work/serial.key" "$work/b.key" | head -5)"

# GNU parallel cuts the stream in blocks and keeps their order (-k): the same bytes as one stream.
"$TMKIT" align --stream --presegmented --tgt-lang ru < "$work/manifest.jsonl" > "$work/one.jsonl"
parallel --pipe -k -N 7 -j 2 "$TMKIT" align --stream --threads 1 --presegmented --tgt-lang ru < "$work/manifest.jsonl" > "$work/par.jsonl"
cmp -s "$work/one.jsonl" "$work/par.jsonl" || fail "parallel --pipe output differs from one stream"
echo "workflow_local: ok"
